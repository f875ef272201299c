package dev.mcp.ambassador.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ToolGlobTests {

    @Test
    void matchesWhenPatternHasWildcardsThenMatchesLikeAShellGlob() {
        assertThat(ToolGlob.matches("*", "echo")).isTrue();
        assertThat(ToolGlob.matches("get-*", "get-sum")).isTrue();
        assertThat(ToolGlob.matches("get-*", "echo")).isFalse();
        assertThat(ToolGlob.matches("*-file*", "gzip-file-as-resource")).isTrue();
        assertThat(ToolGlob.matches("ech?", "echo")).isTrue();
        assertThat(ToolGlob.matches("ech?", "ech")).isFalse();
        assertThat(ToolGlob.matches("echo", "echo2")).isFalse();
        assertThat(ToolGlob.matches("", "echo")).isFalse();
    }

    @Test
    void permitsWhenAllowedAndDeniedThenDenyWins() {
        AccessPolicy.ToolRules rules = new AccessPolicy.ToolRules(Set.of("*"), Set.of("get-env", "delete-*"), null);

        assertThat(rules.permits("echo")).isTrue();
        assertThat(rules.permits("get-env")).isFalse();
        assertThat(rules.permits("delete-file")).isFalse();
    }

    @Test
    void permitsWhenKeyIsScopedThenOnlyToolsInBothGrantAndScopeArePermitted() {
        AccessPolicy.ToolRules rules =
                new AccessPolicy.ToolRules(Set.of("*"), Set.of("get-env"), Set.of("echo", "get-*"));

        assertThat(rules.permits("echo")).isTrue();
        assertThat(rules.permits("get-sum")).isTrue();
        assertThat(rules.permits("get-env")).as("deny still wins").isFalse();
        assertThat(rules.permits("toggle-logging")).as("outside the key scope").isFalse();
        assertThat(new AccessPolicy.ToolRules(Set.of("*"), Set.of(), Set.of()).permits("echo"))
                .as("a key scoped to other servers only")
                .isFalse();
    }

    @Test
    void permitsWhenNoAllowPatternThenNothingIsPermitted() {
        assertThat(new AccessPolicy.ToolRules(Set.of(), Set.of(), null).permits("echo"))
                .isFalse();
    }
}
