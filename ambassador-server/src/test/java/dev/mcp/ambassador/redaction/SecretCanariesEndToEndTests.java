package dev.mcp.ambassador.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import dev.mcp.ambassador.support.TestServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Canary values planted where secrets travel (a user's vault value printed by their own process, a
 * token in a tool name and in an admin request) show up in no error body, no diagnosis the admin
 * API serves, no audit row and no log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretCanariesEndToEndTests extends SharedServerTests {

    private static final String PASSWORD = "Quiet-harbour-lanterns-drift-1987";

    @Autowired
    private JdbcClient jdbc;

    private TestHttp http;
    private TestAdmin admin;
    private String suffix;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
        suffix = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void stderrWhenAChildPrintsItsVaultValueAndATokenThenNeitherIsShownLoggedNorAudited(CapturedOutput output)
            throws IOException, InterruptedException {
        String vaultValue = "vault-canary-" + UUID.randomUUID();
        String bearer = "Qm9yaXNDYW5hcnk" + suffix + "x9Zk";
        Path script = TestServerSettings.servedDirectory().resolve("stderr-canary-" + suffix + ".mjs");
        Files.writeString(
                script,
                "console.error(`starting with token ${process.env.API_TOKEN} and Bearer " + bearer + "`);\n"
                        + "await import("
                        + quoted(TestAdmin.SERVER_EVERYTHING.toUri().toString()) + ");\n");
        String slug = "stderr-" + suffix;
        admin.create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "stdio",
                        "command",
                        List.of("node", script.toString(), "stdio"),
                        "isolation",
                        "per_user",
                        "status",
                        "published",
                        "credentials",
                        List.of(Map.of("name", "api_token", "env_var", "API_TOKEN", "required", true))));
        String username = "canary-" + suffix;
        UUID user = UUID.fromString(admin.create(
                        "/v1/admin/users", Map.of("username", username, "password", PASSWORD, "roles", List.of("USER")))
                .get("id")
                .asString());
        admin.create("/v1/admin/grants", Map.of("user_id", user, "server", slug, "allow", List.of("*")));
        TestHttp own = new TestHttp(port, DATA_DIR);
        assertThat(own.send("POST", "/v1/auth/login", Map.of("username", username, "password", PASSWORD))
                        .status())
                .isEqualTo(200);
        TestHttp.Reply put = own.send(
                "PUT",
                "/v1/me/credentials/" + slug,
                Map.of("values", Map.of("api_token", vaultValue)),
                "X-XSRF-TOKEN",
                own.cookie("XSRF-TOKEN"));
        assertThat(put.status()).as(put.body()).isEqualTo(204);
        String token = register(own, user);
        TestMcp mcp = new TestMcp(own);
        JsonNode echo = call(mcp, token, mcp.initialize(token), slug + "__echo");
        assertThat(echo.has("result")).as(echo.toString()).isTrue();

        String instances = awaitStderr(slug, "starting with token");

        assertThat(instances)
                .contains("starting with token " + Redactor.MASK)
                .doesNotContain(vaultValue)
                .doesNotContain(bearer);
        assertThat(auditRows()).doesNotContain(vaultValue).doesNotContain(bearer);
        assertThat(output.getAll()).doesNotContain(vaultValue).doesNotContain(bearer);
    }

    @Test
    void errorsWhenRequestsCarryTokensThenNoErrorBodyAuditRowOrLogLineHoldsThem(CapturedOutput output) {
        String sessionToken = "amb_st_Canary" + suffix + "Q7x";
        String presharedKey = "amb_pk_Canary" + suffix + "W3y";
        UUID user = admin.createUser("denied-" + suffix);
        String slug = "tokens-" + suffix;
        admin.publishEverything(slug, user, List.of("echo"), List.of());
        String token = register(http, user);
        TestMcp mcp = new TestMcp(http);

        JsonNode denied = call(mcp, token, mcp.initialize(token), slug + "__" + sessionToken);
        TestHttp.Reply invalid = admin.call(
                "POST",
                "/v1/admin/preshared-keys",
                Map.of(
                        "user_id",
                        user,
                        "name",
                        "laptop",
                        "scopes",
                        List.of(Map.of("server", presharedKey, "allow", List.of("*")))));

        assertThat(denied.at("/error/data/refused_by").asString()).isEqualTo("rbac");
        assertThat(denied.toString()).contains(Redactor.MASK).doesNotContain(sessionToken);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().at("/errors/0/field").asString()).isEqualTo("scopes");
        assertThat(invalid.body()).doesNotContain(presharedKey);
        assertThat(auditRows()).doesNotContain(sessionToken).doesNotContain(presharedKey);
        assertThat(output.getAll()).doesNotContain(sessionToken).doesNotContain(presharedKey);
    }

    /** The server's instances as the admin API shows them, once a process has written {@code text}. */
    private String awaitStderr(String slug, String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            TestHttp.Reply reply = admin.call("GET", "/v1/admin/servers/" + slug + "/instances", null);
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            if (reply.body().contains(text) || Instant.now().isAfter(deadline)) {
                return reply.body();
            }
            Thread.sleep(100);
        }
    }

    private String auditRows() {
        return jdbc.sql("select string_agg(payload, chr(10)) from audit_events")
                .query(String.class)
                .single();
    }

    private String register(TestHttp client, UUID user) {
        return client.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "canaries"))
                .json()
                .get("session_token")
                .asString();
    }

    private static JsonNode call(TestMcp mcp, String token, String session, String tool) {
        return mcp.post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                7,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", tool, "arguments", Map.of("message", "hello"))))
                .json();
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
