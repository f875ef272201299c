package dev.mcp.ambassador.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.cli.ConfigDirectory;
import dev.mcp.ambassador.cli.ExitCodes;
import dev.mcp.ambassador.cli.support.TestAdmin;
import dev.mcp.ambassador.cli.support.TestProcess;
import dev.mcp.ambassador.cli.support.TestServer;
import dev.mcp.ambassador.cli.tls.Fingerprints;
import dev.mcp.ambassador.cli.tls.KnownServers;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ambassador connect} as host applications use it: spawned through the {@code ambassador}
 * launcher by the TypeScript SDK's {@code StdioClientTransport}, against a real server brokering a
 * real server-everything, with the CA pinned in a private {@code known_servers}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectEndToEndTests {

    private static final Path LAUNCHER = TestServer.ROOT.resolve("ambassador");
    private static final Path HOST_SCRIPT =
            Path.of("src/test/node/stdio-host.mjs").toAbsolutePath();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestServer server;
    private TestAdmin admin;

    // One home for the whole class: its steps build on each other (login, then admin commands).
    @TempDir
    static Path home;

    @BeforeAll
    void startServer() {
        server = TestServer.shared();
        admin = TestAdmin.signIn(server);
    }

    @Test
    @Order(1)
    void connectWhenFirstContactThenPinsTheRegisteredCaPrivately() throws Exception {
        String key = newUserKey();

        TestProcess bridge =
                TestProcess.run(List.of(LAUNCHER.toString(), "connect"), home, environment(key), Duration.ofMinutes(1));

        assertThat(bridge.exitValue()).as(bridge.transcript()).isZero();
        assertThat(bridge.stdout()).isEmpty();
        Path config = home.resolve("config");
        Path knownServers = config.resolve(KnownServers.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownServers)))
                .isEqualTo("rw-------");
        String fingerprint = Fingerprints.sha256(serverCa());
        assertThat(Files.readString(knownServers)).contains(KnownServers.origin(server.uri()) + " " + fingerprint);
        assertThat(bridge.stderr()).contains("pinned its CA " + fingerprint).doesNotContain(key);
    }

    @Test
    @Order(2)
    void connectWhenWrongKeyThenRefusedWithoutShowingTheKey() {
        String wrong = "amb_pk_" + UUID.randomUUID().toString().replace("-", "");

        TestProcess bridge = TestProcess.run(
                List.of(LAUNCHER.toString(), "connect"), home, environment(wrong), Duration.ofMinutes(1));

        assertThat(bridge.exitValue()).as(bridge.transcript()).isEqualTo(ExitCodes.NOT_AUTHENTICATED);
        assertThat(bridge.stderr()).contains("preshared key is not accepted").doesNotContain(wrong);
        assertThat(bridge.stdout()).isEmpty();
    }

    @Test
    @Order(3)
    void connectWhenServerPresentsAnotherCaThanThePinnedOneThenRefusesAndExplainsHowToRePin() throws Exception {
        String key = newUserKey();
        // Pinned: some other CA (the first of the JDK's own trust store) for this server's address.
        new KnownServers(new ConfigDirectory(home.resolve("config"))).record(server.uri(), anotherCa(), Instant.now());

        TestProcess refused =
                TestProcess.run(List.of(LAUNCHER.toString(), "connect"), home, environment(key), Duration.ofMinutes(1));

        assertThat(refused.exitValue()).as(refused.transcript()).isEqualTo(ExitCodes.UNTRUSTED_SERVER);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr())
                .contains("presented a different CA than the one pinned for it")
                .contains(Fingerprints.sha256(anotherCa()))
                .contains(Fingerprints.sha256(serverCa()))
                .contains("ambassador trust --reset " + KnownServers.origin(server.uri()))
                .doesNotContain(key);

        TestProcess reset = TestProcess.run(
                List.of(LAUNCHER.toString(), "trust", "--reset", server.uri().toString()),
                home,
                environment(key),
                Duration.ofMinutes(1));
        assertThat(reset.exitValue()).as(reset.transcript()).isZero();
        TestProcess again =
                TestProcess.run(List.of(LAUNCHER.toString(), "connect"), home, environment(key), Duration.ofMinutes(1));
        assertThat(again.exitValue()).as(again.transcript()).isZero();
        assertThat(again.stderr()).contains("pinned its CA " + Fingerprints.sha256(serverCa()));
    }

    /**
     * The whole conversation through the bridge, then a revoked session and a restarted server:
     * each time the next call still succeeds, and the host never sees anything but JSON-RPC.
     */
    @Test
    @Order(4)
    void connectWhenDrivenByTheTypeScriptSdkThenRelaysEverythingAndSurvivesRevocationAndRestart() throws Exception {
        String slug = "bridge-" + UUID.randomUUID().toString().substring(0, 8);
        String user = admin.createUser(slug);
        admin.publishEverything(slug, user);
        String key = admin.issuePresharedKey(user);
        Path stdoutLog = home.resolve("bridge-stdout.jsonl");

        try (TestProcess host = TestProcess.start(
                List.of(
                        TestServer.NODE.toString(),
                        HOST_SCRIPT.toString(),
                        "--peers",
                        TestServer.PEERS.toString(),
                        "--bridge",
                        LAUNCHER.toString(),
                        "--stdout-log",
                        stdoutLog.toString(),
                        "--slug",
                        slug),
                home,
                environment(key))) {
            assertThat(host.awaitStdout("READY_FOR_REVOCATION"::equals, Duration.ofMinutes(2)))
                    .as(host.transcript())
                    .isTrue();
            List<JsonNode> sessions = activeSessionsOf(user);
            assertThat(sessions).as("the bridge's session").hasSize(1);
            admin.call(
                    "DELETE",
                    "/v1/admin/sessions/" + sessions.getFirst().get("id").asString(),
                    null,
                    204);
            host.writeLine("GO");

            assertThat(host.awaitStdout("READY_FOR_RESTART"::equals, Duration.ofMinutes(2)))
                    .as(host.transcript())
                    .isTrue();
            server.restart();
            host.writeLine("GO");

            assertThat(host.waitFor(Duration.ofMinutes(2)))
                    .as(host.transcript())
                    .isTrue();
            JsonNode result = result(host);
            assertThat(result.path("checks").propertyNames())
                    .as(host.transcript())
                    .contains(
                            "tools-list",
                            "echo",
                            "progress",
                            "sampling",
                            "echo-after-revocation",
                            "echo-after-restart",
                            "no-transport-errors");
            assertThat(result.path("passed").asBoolean()).as(host.transcript()).isTrue();
            assertThat(host.exitValue()).as(host.transcript()).isZero();
            assertThat(result.path("checks")
                            .path("progress")
                            .path("notifications")
                            .size())
                    .isEqualTo(3);

            List<String> stdout = Files.readAllLines(stdoutLog);
            assertThat(stdout).as("what the bridge wrote to stdout").isNotEmpty();
            for (String line : stdout) {
                JsonNode message = JSON.readTree(line);
                assertThat(message.path("jsonrpc").asString("")).as(line).isEqualTo("2.0");
            }
            assertThat(String.join("\n", stdout)).doesNotContain(key).doesNotContain("amb_st_");
            assertThat(host.stderr()).doesNotContain(key).doesNotContain("amb_st_");
            assertThat(activeSessionsOf(user))
                    .as("EOF ended the bridge's session")
                    .isEmpty();
        }
    }

    @Test
    @Order(5)
    void connectWhenTerminatedThenEndsItsSessionBeforeExiting() {
        String user = admin.createUser("bridge-" + UUID.randomUUID().toString().substring(0, 8));
        String key = admin.issuePresharedKey(user);
        try (TestProcess bridge = startRegistered(user, key)) {
            // SIGTERM alone: the host still holds the bridge's stdin open.
            assertThat(bridge.terminate(Duration.ofSeconds(30)))
                    .as(bridge.transcript())
                    .isTrue();

            assertThat(bridge.exitValue()).as(bridge.transcript()).isEqualTo(128 + 15);
            // The bridge has exited, so its DELETE has been answered: no waiting for the server.
            assertThat(activeSessionsOf(user)).as(bridge.transcript()).isEmpty();
            assertThat(bridge.stderr()).doesNotContain("could not end").doesNotContain(key);
        }
    }

    /**
     * What {@link Process#destroy()} does, and many hosts with it: close the bridge's stdin and send
     * SIGTERM at the same moment. EOF and the shutdown hook then race to end the session; whichever
     * comes second must wait for the first, not let the JVM halt under its DELETE. Several rounds,
     * since each one catches the race only sometimes.
     */
    @Test
    @Order(6)
    void connectWhenStdinClosesAsSigtermArrivesThenStillEndsItsSessionBeforeExiting() {
        for (int round = 1; round <= 4; round++) {
            String user =
                    admin.createUser("bridge-" + UUID.randomUUID().toString().substring(0, 8));
            String key = admin.issuePresharedKey(user);
            TestProcess bridge = startRegistered(user, key);

            bridge.close(); // stdin closed and SIGTERM sent together; what it prints afterwards is lost

            assertThat(bridge.isAlive()).isFalse();
            assertThat(activeSessionsOf(user))
                    .as("round %d: %s", round, bridge.transcript())
                    .isEmpty();
        }
    }

    @Test
    @Order(7)
    void connectWhenCaFingerprintIsNotTheServersThenRefusesBeforeSendingTheKeyAndPinsNothing() throws Exception {
        String user = admin.createUser("bridge-" + UUID.randomUUID().toString().substring(0, 8));
        String key = admin.issuePresharedKey(user);
        Path config = home.resolve("fingerprint-" + UUID.randomUUID().toString().substring(0, 8));
        Map<String, String> environment = environment(key);
        environment.put("AMBASSADOR_CONFIG_DIR", config.toString());
        String wrong = Fingerprints.sha256(anotherCa());
        String right = Fingerprints.sha256(serverCa());

        TestProcess refused = TestProcess.run(
                List.of(LAUNCHER.toString(), "connect", "--ca-fingerprint", wrong),
                home,
                environment,
                Duration.ofMinutes(1));

        assertThat(refused.exitValue()).as(refused.transcript()).isEqualTo(ExitCodes.UNTRUSTED_SERVER);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr())
                .contains(right)
                .contains("which is not the expected " + wrong)
                .contains("Nothing was sent or pinned")
                .doesNotContain(key);
        assertThat(config.resolve(KnownServers.FILE_NAME)).doesNotExist();
        // Registration is audited before it is answered: no such event means the key never arrived.
        assertThat(registrationsOf(user))
                .as("registrations the server recorded for the user")
                .isEmpty();

        TestProcess accepted = TestProcess.run(
                List.of(LAUNCHER.toString(), "connect", "--ca-fingerprint", right.toLowerCase(java.util.Locale.ROOT)),
                home,
                environment,
                Duration.ofMinutes(1));

        assertThat(accepted.exitValue()).as(accepted.transcript()).isZero();
        assertThat(accepted.stderr()).contains("pinned the CA of").contains(right);
        assertThat(Files.readString(config.resolve(KnownServers.FILE_NAME))).contains(right);
        assertThat(registrationsOf(user))
                .extracting(event -> event.path("type").asString(""))
                .containsExactly("auth.registration_succeeded");
    }

    /** The user's registration events (succeeded, failed, throttled) in the audit trail. */
    private List<JsonNode> registrationsOf(String user) {
        return admin.call("GET", "/v1/audit/events?type=auth&user=" + user, null, 200)
                .path("events")
                .valueStream()
                .filter(event -> event.path("type").asString("").startsWith("auth.registration"))
                .toList();
    }

    /** Starts {@code ambassador connect} with {@code key} and waits until its session is listed. */
    private TestProcess startRegistered(String user, String key) {
        TestProcess bridge = TestProcess.start(List.of(LAUNCHER.toString(), "connect"), home, environment(key));
        try {
            assertThat(bridge.awaitStderr(line -> line.contains("registered with"), Duration.ofMinutes(1)))
                    .as(bridge.transcript())
                    .isTrue();
            assertThat(activeSessionsOf(user)).as(bridge.transcript()).hasSize(1);
            return bridge;
        } catch (AssertionError e) {
            bridge.close();
            throw e;
        }
    }

    private String newUserKey() {
        String slug = "bridge-" + UUID.randomUUID().toString().substring(0, 8);
        return admin.issuePresharedKey(admin.createUser(slug));
    }

    private List<JsonNode> activeSessionsOf(String user) {
        JsonNode all = admin.call("GET", "/v1/admin/sessions", null, 200);
        return all.valueStream()
                .filter(s -> s.path("user_id").asString("").equals(user))
                .toList();
    }

    private static JsonNode result(TestProcess host) {
        return host.stdout()
                .lines()
                .filter(line -> line.startsWith("RESULT "))
                .reduce((first, second) -> second)
                .map(line -> JSON.readTree(line.substring("RESULT ".length())))
                .orElse(JSON.missingNode());
    }

    private Map<String, String> environment(String key) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", home.toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("AMBASSADOR_CONFIG_DIR", home.resolve("config").toString());
        environment.put("AMBASSADOR_SERVER", server.uri().toString());
        environment.put("AMBASSADOR_PRESHARED_KEY", key);
        return environment;
    }

    private X509Certificate serverCa() throws Exception {
        try (InputStream in = Files.newInputStream(server.caFile())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static X509Certificate anotherCa() throws Exception {
        KeyStore cacerts = KeyStore.getInstance(
                Path.of(System.getProperty("java.home"), "lib/security/cacerts").toFile(), "changeit".toCharArray());
        return (X509Certificate) cacerts.getCertificate(cacerts.aliases().nextElement());
    }
}
