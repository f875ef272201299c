package dev.mcp.ambassador.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.pipeline.Subject;
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
        AccessPolicy.AccessRules rules = tools(Set.of("*"), Set.of("get-env", "delete-*"), null);

        assertThat(rules.permitsTool("echo")).isTrue();
        assertThat(rules.permitsTool("get-env")).isFalse();
        assertThat(rules.permitsTool("delete-file")).isFalse();
    }

    @Test
    void permitsWhenKeyIsScopedThenOnlyToolsInBothGrantAndScopeArePermitted() {
        AccessPolicy.AccessRules rules = tools(Set.of("*"), Set.of("get-env"), Set.of("echo", "get-*"));

        assertThat(rules.permitsTool("echo")).isTrue();
        assertThat(rules.permitsTool("get-sum")).isTrue();
        assertThat(rules.permitsTool("get-env")).as("deny still wins").isFalse();
        assertThat(rules.permitsTool("toggle-logging"))
                .as("outside the key scope")
                .isFalse();
        assertThat(tools(Set.of("*"), Set.of(), Set.of()).permitsTool("echo"))
                .as("a key scoped to other servers only")
                .isFalse();
    }

    @Test
    void permitsWhenNoAllowPatternThenNothingIsPermitted() {
        assertThat(tools(Set.of(), Set.of(), null).permitsTool("echo")).isFalse();
    }

    @Test
    void permitsWhenToolsAreAllowedThenPromptsAndResourcesAreDecidedByTheirOwnPatterns() {
        AccessPolicy.AccessRules rules = new AccessPolicy.AccessRules(
                true,
                new AccessPolicy.Patterns(Set.of("*"), Set.of()),
                new AccessPolicy.Patterns(Set.of("simple-*"), Set.of("simple-secret")),
                new AccessPolicy.Patterns(Set.of("demo://resource/static/*"), Set.of("*/secret.md")),
                null);

        assertThat(rules.permits(Subject.tool("simple-prompt"))).isTrue();
        assertThat(rules.permits(Subject.prompt("simple-prompt"))).isTrue();
        assertThat(rules.permits(Subject.prompt("simple-secret")))
                .as("deny wins")
                .isFalse();
        assertThat(rules.permits(Subject.prompt("complex-prompt"))).isFalse();
        assertThat(rules.permits(Subject.resource("demo://resource/static/document/architecture.md")))
                .as("* spans slashes")
                .isTrue();
        assertThat(rules.permits(Subject.resource("demo://resource/static/document/secret.md")))
                .isFalse();
        assertThat(rules.permits(Subject.resource("demo://resource/dynamic/text/1")))
                .isFalse();
    }

    @Test
    void permitsWhenNoGrantNamesTheServerThenNothingIsPermittedWhateverThePatterns() {
        AccessPolicy.AccessRules rules = new AccessPolicy.AccessRules(
                false,
                new AccessPolicy.Patterns(Set.of("*"), Set.of()),
                new AccessPolicy.Patterns(Set.of("*"), Set.of()),
                new AccessPolicy.Patterns(Set.of("*"), Set.of()),
                null);

        assertThat(rules.permits(Subject.tool("echo"))).isFalse();
        assertThat(rules.permits(Subject.prompt("simple-prompt"))).isFalse();
    }

    private static AccessPolicy.AccessRules tools(Set<String> allow, Set<String> deny, Set<String> keyScope) {
        return new AccessPolicy.AccessRules(
                true,
                new AccessPolicy.Patterns(allow, deny),
                new AccessPolicy.Patterns(Set.of(), Set.of()),
                new AccessPolicy.Patterns(Set.of(), Set.of()),
                keyScope);
    }
}
