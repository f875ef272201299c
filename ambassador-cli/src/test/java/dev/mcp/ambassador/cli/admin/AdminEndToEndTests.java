package dev.mcp.ambassador.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.cli.ExitCodes;
import dev.mcp.ambassador.cli.support.TestProcess;
import dev.mcp.ambassador.cli.support.TestServer;
import dev.mcp.ambassador.cli.support.TestTls;
import dev.mcp.ambassador.cli.tls.Fingerprints;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
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
 * The README's first steps done with {@code ambassador login} and {@code ambassador admin}, through
 * the launcher, against a real server: sign in, create a user, issue a key, publish a server and
 * see its tools, grant it; then the key registers. Also how errors and unsafe files are reported.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminEndToEndTests {

    private static final Path LAUNCHER = TestServer.ROOT.resolve("ambassador");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    // One home for the whole class: its steps build on each other (login, then admin commands).
    @TempDir
    static Path home;

    private TestServer server;
    private final String dev = "dev-" + UUID.randomUUID().toString().substring(0, 8);
    private final String slug = "everything-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void startServer() {
        server = TestServer.shared();
    }

    @Test
    @Order(1)
    void loginWhenPasswordOnStdinThenStoresAnApiKeyPrivately() throws Exception {
        TestProcess login = TestProcess.start(
                List.of(
                        LAUNCHER.toString(),
                        "login",
                        "--username",
                        TestServer.ADMIN_USERNAME,
                        "--ca-fingerprint",
                        caFingerprint()),
                home,
                environment());
        login.writeLine(TestServer.ADMIN_PASSWORD);
        login.closeInput();

        assertThat(login.waitFor(Duration.ofMinutes(1))).isTrue();
        assertThat(login.exitValue()).as(login.transcript()).isZero();
        Path config = home.resolve("config/config");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.getParent())))
                .isEqualTo("rwx------");
        java.util.Properties stored = new java.util.Properties();
        stored.load(new java.io.StringReader(Files.readString(config)));
        assertThat(stored.getProperty("api_key")).startsWith("amb_ak_");
        assertThat(stored.getProperty("server")).isEqualTo(server.uri().toString());
        assertThat(login.transcript()).doesNotContain(TestServer.ADMIN_PASSWORD).doesNotContain("amb_ak_");
    }

    @Test
    @Order(2)
    void adminWhenFollowingTheReadmeFirstStepsThenTheUsersKeyRegistersWithTheGrantedServer() throws Exception {
        JsonNode user = json(cli("admin", "users", "create", "--username", dev, "--json"));
        assertThat(user.get("username").asString()).isEqualTo(dev);

        JsonNode key = json(cli("admin", "keys", "create", "--user", dev, "--name", "laptop", "--json"));
        String presharedKey = key.get("preshared_key").asString();
        assertThat(presharedKey).startsWith("amb_pk_");

        JsonNode published = json(cli(
                "admin",
                "servers",
                "create",
                "--slug",
                slug,
                "--transport",
                "stdio",
                "--status",
                "published",
                "--json",
                "--",
                "node",
                TestServer.SERVER_EVERYTHING.toString(),
                "stdio"));
        assertThat(published.get("status").asString()).isEqualTo("published");
        JsonNode discovered = json(cli("admin", "servers", "discover", slug, "--json"));
        assertThat(discovered.path("tools").valueStream().map(tool -> tool.path("name")
                        .asString()))
                .contains("echo");

        JsonNode grant =
                json(cli("admin", "grants", "create", "--user", dev, "--slug", slug, "--allow", "*", "--json"));
        assertThat(grant.path("allow").get(0).asString()).isEqualTo("*");

        String users = cli("admin", "users", "list").stdout();
        assertThat(users.lines().findFirst().orElse("")).contains("USERNAME").contains("ROLES");
        assertThat(users).contains(dev);
        assertThat(cli("admin", "servers", "list").stdout()).contains(slug).contains("published");
        assertThat(json(cli("admin", "grants", "list", "--json")).findValuesAsString("server"))
                .contains(slug);

        HttpResponse<String> registration = register(presharedKey);
        assertThat(registration.statusCode()).as(registration.body()).isEqualTo(201);
        assertThat(json(cli("admin", "sessions", "list", "--json")).findValuesAsString("user_id"))
                .contains(user.get("id").asString());
    }

    @Test
    @Order(3)
    void adminWhenTheServerRefusesThenShowsTheProblemDetailAndFieldErrors() {
        TestProcess refused = run("admin", "users", "create", "--username", "");

        assertThat(refused.exitValue()).as(refused.transcript()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.stderr()).startsWith("ambassador: ").contains("username: ");
        assertThat(refused.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(refused.stdout()).isEmpty();
    }

    @Test
    @Order(4)
    void adminWhenConfigFileReadableByOthersThenRefusesWithTheChmodThatFixesIt() throws Exception {
        Path config = home.resolve("config/config");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            TestProcess refused = run("admin", "users", "list");

            assertThat(refused.exitValue()).as(refused.transcript()).isEqualTo(ExitCodes.INSECURE_FILE);
            assertThat(refused.stderr()).contains("chmod 600 " + config).doesNotContain("amb_ak_");
            assertThat(refused.stdout()).isEmpty();
        } finally {
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    @Order(5)
    void adminWhenNotSignedInThenSaysHowToSignIn() {
        Map<String, String> environment = environment();
        environment.put("AMBASSADOR_CONFIG_DIR", home.resolve("elsewhere").toString());
        TestProcess refused = TestProcess.run(
                List.of(LAUNCHER.toString(), "admin", "users", "list"), home, environment, Duration.ofMinutes(1));

        assertThat(refused.exitValue()).isEqualTo(ExitCodes.NOT_AUTHENTICATED);
        assertThat(refused.stderr()).contains("ambassador login");
    }

    @Test
    @Order(6)
    void adminKillWhenEngagedOnAToolThenListedUntilLiftedAndABadTargetIsNamed() {
        String target = slug + "/echo";
        JsonNode engaged = json(cli(
                "admin",
                "kill",
                "engage",
                "--scope",
                "tool",
                "--target",
                target,
                "--reason",
                "leaking data",
                "--json"));
        String id = engaged.get("id").asString();
        assertThat(engaged.get("scope").asString()).isEqualTo("tool");
        assertThat(engaged.get("target").asString()).isEqualTo(target);
        assertThat(engaged.get("active").asBoolean()).isTrue();

        assertThat(json(cli("admin", "kill", "list", "--json")).findValuesAsString("id"))
                .contains(id);
        String table = cli("admin", "kill", "list").stdout();
        assertThat(table.lines().findFirst().orElse("")).contains("SCOPE").contains("TARGET");
        assertThat(table).contains(id).contains(target).contains("leaking data");

        cli("admin", "kill", "lift", id);
        assertThat(json(cli("admin", "kill", "list", "--json")).findValuesAsString("id"))
                .doesNotContain(id);
        JsonNode lifted = json(cli("admin", "kill", "list", "--all", "--json"))
                .valueStream()
                .filter(k -> k.path("id").asString("").equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(lifted.path("active").asBoolean(true)).isFalse();
        assertThat(lifted.path("lifted_by").asString("")).isNotEmpty();

        TestProcess refused = run("admin", "kill", "engage", "--scope", "tool", "--target", slug, "--reason", "x");
        assertThat(refused.exitValue()).as(refused.transcript()).isEqualTo(ExitCodes.FAILED);
        assertThat(refused.stderr()).contains("target: name the tool as <server>/<tool>");
        assertThat(refused.stderr()).doesNotContain("\tat ");
    }

    @Test
    @Order(7)
    void adminAuditWhenPagingExportingAndVerifyingThenEveryEventIsThereOnce(@TempDir Path exports) {
        JsonNode first = json(cli("admin", "audit", "events", "--limit", "1", "--json"));
        assertThat(first.path("events").size()).isEqualTo(1);
        String cursor = first.path("next_cursor").asString("");
        assertThat(cursor).as(first.toString()).isNotEmpty();
        JsonNode second = json(cli("admin", "audit", "events", "--limit", "1", "--cursor", cursor, "--json"));
        assertThat(second.path("events").get(0).path("id").asLong())
                .as("the next page goes on below the first, newest first")
                .isLessThan(first.path("events").get(0).path("id").asLong());

        // The kill switch of the previous test, found by type prefix and shown in the table.
        String table =
                cli("admin", "audit", "events", "--type", "config.kill_switch").stdout();
        assertThat(table.lines().findFirst().orElse(""))
                .contains("TIME")
                .contains("TYPE")
                .contains("SUBJECT");
        assertThat(table).contains("config.kill_switch.created").contains("config.kill_switch.lifted");

        Path file = exports.resolve("audit.ndjson");
        TestProcess exported = cli("admin", "audit", "export", "--output", file.toString());
        List<String> lines = readLines(file);
        assertThat(lines).isNotEmpty();
        assertThat(exported.stdout()).contains("Exported " + lines.size() + " lines to " + file);
        assertThat(lines.stream().map(line -> JSON.readTree(line).path("id").asLong()))
                .doesNotHaveDuplicates()
                .contains(first.path("events").get(0).path("id").asLong());
        assertThat(exports.resolve("audit.ndjson.partial")).doesNotExist();

        JsonNode verified = json(cli("admin", "audit", "verify", "--json"));
        assertThat(verified.path("ok").asBoolean()).as(verified.toString()).isTrue();
    }

    @Test
    @Order(8)
    void adminCredentialsWhenSetFromStdinThenListedAsSetWithoutEverShowingTheValue() {
        String vaulted = "vaulted-" + UUID.randomUUID().toString().substring(0, 8);
        String value = "tok-" + UUID.randomUUID();
        cli(
                "admin",
                "servers",
                "create",
                "--slug",
                vaulted,
                "--transport",
                "stdio",
                "--status",
                "published",
                // Each user's own credentials reach a stdio server only in that user's own process.
                "--isolation",
                "per_user",
                "--data",
                "{\"credentials\":[{\"name\":\"api_token\",\"env_var\":\"API_TOKEN\",\"required\":true}]}",
                "--",
                "node",
                TestServer.SERVER_EVERYTHING.toString(),
                "stdio");
        cli("admin", "grants", "create", "--user", TestServer.ADMIN_USERNAME, "--slug", vaulted, "--allow", "*");
        assertThat(credential(vaulted).path("set").asBoolean(true)).isFalse();

        TestProcess set = setCredential(vaulted, "api_token", value);
        assertThat(set.exitValue()).as(set.transcript()).isZero();
        assertThat(set.transcript()).doesNotContain(value);

        TestProcess listed = cli("admin", "credentials", "list");
        assertThat(listed.stdout()).contains(vaulted).contains("api_token").doesNotContain(value);
        assertThat(credential(vaulted).path("set").asBoolean()).isTrue();

        TestProcess unknown = setCredential(vaulted, "nope", value);
        assertThat(unknown.exitValue()).as(unknown.transcript()).isEqualTo(ExitCodes.FAILED);
        assertThat(unknown.stderr())
                .contains("values.nope: server '" + vaulted + "' asks for no such credential")
                .doesNotContain(value);

        cli("admin", "credentials", "delete", vaulted);
        assertThat(credential(vaulted).path("set").asBoolean(true)).isFalse();
    }

    /** {@code admin credentials set SERVER NAME} with the value on stdin, run to its end. */
    private TestProcess setCredential(String server, String name, String value) {
        TestProcess set = TestProcess.start(
                List.of(LAUNCHER.toString(), "admin", "credentials", "set", server, name), home, environment());
        set.writeLine(value);
        set.closeInput();
        assertThat(set.waitFor(Duration.ofMinutes(1))).as(set.transcript()).isTrue();
        return set;
    }

    private JsonNode credential(String server) {
        return json(cli("admin", "credentials", "list", "--json"))
                .valueStream()
                .filter(c -> c.path("server").asString("").equals(server))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no credential listed for " + server));
    }

    private TestProcess cli(String... arguments) {
        TestProcess run = run(arguments);
        assertThat(run.exitValue()).as(run.transcript()).isZero();
        return run;
    }

    private TestProcess run(String... arguments) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(arguments));
        return TestProcess.run(command, home, environment(), Duration.ofMinutes(2));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode json(TestProcess run) {
        return JSON.readTree(run.stdout());
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("HOME", home.toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("AMBASSADOR_CONFIG_DIR", home.resolve("config").toString());
        environment.put("AMBASSADOR_SERVER", server.uri().toString());
        return environment;
    }

    private String caFingerprint() throws Exception {
        try (InputStream in = Files.newInputStream(server.caFile())) {
            return Fingerprints.sha256(
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }

    private HttpResponse<String> register(String presharedKey) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TestTls.trustingOnly(server.caFile()))
                .build();
        return http.send(
                HttpRequest.newBuilder(server.uri().resolve("/v1/sessions/register"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                Map.of("preshared_key", presharedKey, "client_name", "first steps"))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
