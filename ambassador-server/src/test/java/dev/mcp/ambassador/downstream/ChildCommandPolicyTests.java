package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChildCommandPolicyTests {

    private final ChildCommandPolicy policy = new ChildCommandPolicy(List.of("node", " npx ", "/opt/tools/server"));

    @Test
    void refuseCommandWhenExecutableIsAllowListedThenAllowed() {
        assertThat(policy.refuseCommand(List.of("node", "index.js"))).isEmpty();
        assertThat(policy.refuseCommand(List.of("npx", "-y", "pkg"))).isEmpty();
        assertThat(policy.refuseCommand(List.of("/opt/tools/server"))).isEmpty();
    }

    @Test
    void refuseCommandWhenExecutableIsNotListedThenRefusedNamingItAndTheSetting() {
        assertThat(policy.refuseCommand(List.of("bash", "-c", "id")))
                .hasValueSatisfying(
                        reason -> assertThat(reason).contains("'bash'").contains("AMBASSADOR_ALLOWED_COMMANDS"));
    }

    @Test
    void refuseCommandWhenAnotherPathWithAnAllowedNameThenRefused() {
        // Exact match only: a program called node somewhere else is another program.
        assertThat(policy.refuseCommand(List.of("/tmp/node"))).isPresent();
        assertThat(policy.refuseCommand(List.of("./node"))).isPresent();
    }

    @Test
    void refuseCommandWhenAllowListIsEmptyThenEverythingRefused() {
        ChildCommandPolicy none = new ChildCommandPolicy(List.of());
        assertThat(none.allowsNothing()).isTrue();
        assertThat(none.refuseCommand(List.of("node")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("none"));
    }

    @Test
    void refuseCommandWhenEmptyThenRefused() {
        assertThat(policy.refuseCommand(List.of())).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "LD_PRELOAD",
                "LD_LIBRARY_PATH",
                "ld_audit",
                "DYLD_INSERT_LIBRARIES",
                "NODE_OPTIONS",
                "JAVA_TOOL_OPTIONS",
                "_JAVA_OPTIONS",
                "PYTHONPATH",
                "PYTHONSTARTUP",
                "PERL5OPT",
                "RUBYOPT",
                "BASH_ENV",
                "GLIBC_TUNABLES",
                "PATH",
                "HOME"
            })
    void refuseEnvironmentWhenLoaderVariableThenRefusedNamingIt(String name) {
        assertThat(policy.refuseEnvironment(Map.of("API_URL", "https://example.test", name, "x")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("'" + name + "'"));
    }

    @Test
    void refuseEnvironmentWhenOrdinaryVariablesThenAllowed() {
        assertThat(policy.refuseEnvironment(Map.of("API_URL", "https://example.test", "LOG_LEVEL", "debug")))
                .isEmpty();
        assertThat(policy.refuseEnvironment(null)).isEmpty();
    }
}
