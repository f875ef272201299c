package dev.mcp.ambassador.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Each user's own credential reaches only their own process of a {@code per_user} server
 * (server-everything's {@code get-env} shows its environment), is stored sealed, and is never
 * shown, logged or usable from another user's row.
 */
@ExtendWith(OutputCaptureExtension.class)
class UserCredentialsEndToEndTests extends SharedServerTests {

    private static final String PASSWORD = "Quiet-harbour-lanterns-drift-1987";

    @Autowired
    JdbcClient jdbc;

    private final AtomicInteger ids = new AtomicInteger(10);
    private TestAdmin admin;
    private String slug;

    @BeforeEach
    void publishPerUserServerNeedingAToken() {
        admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));
        slug = "creds-" + UUID.randomUUID().toString().substring(0, 8);
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
                        "published",
                        "credentials",
                        List.of(Map.of(
                                "name", "api_token", "env_var", "API_TOKEN", "required", true, "description", "x"))));
    }

    @Test
    void getEnvWhenTwoUsersSetTheirOwnTokensThenEachProcessSeesOnlyItsOwner(CapturedOutput output) {
        String canaryA = "canary-a-" + UUID.randomUUID();
        String canaryB = "canary-b-" + UUID.randomUUID();
        User alice = newUser();
        User bob = newUser();
        alice.putToken(canaryA);
        bob.putToken(canaryB);

        String aliceEnv = alice.getEnv();
        String bobEnv = bob.getEnv();

        assertThat(aliceEnv).contains(canaryA).doesNotContain(canaryB);
        assertThat(bobEnv).contains(canaryB).doesNotContain(canaryA);
        // Nothing of the ambassador's own environment: only what ChildEnvironment lets through.
        assertThat(aliceEnv)
                .doesNotContain("JAVA_HOME")
                .doesNotContain("AMBASSADOR_")
                .doesNotContain("MAVEN");
        // Users see names and whether set, never values.
        TestHttp.Reply mine = alice.http.send("GET", "/v1/me/credentials", null);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body())
                .contains("\"api_token\"")
                .contains("\"set\":true")
                .doesNotContain(canaryA);
        // Admins see each user's process, never its credentials.
        TestHttp.Reply instances = admin.call("GET", "/v1/admin/servers/" + slug + "/instances", null);
        assertThat(instances.status()).isEqualTo(200);
        assertThat(instances.body())
                .contains(alice.id.toString())
                .contains(bob.id.toString())
                .doesNotContain(canaryA)
                .doesNotContain(canaryB);
        assertThat(output.getAll()).doesNotContain(canaryA).doesNotContain(canaryB);
        assertThat(databaseDump()).doesNotContain(canaryA).doesNotContain(canaryB);
    }

    @Test
    void putAndDeleteWhenAUserChangesTheirCredentialsThenEachChangeIsAuditedByNameOnly() {
        User alice = newUser();
        String canary = "audited-canary-" + UUID.randomUUID();
        alice.putToken(canary);
        TestHttp.Reply deleted = alice.http.send(
                "DELETE", "/v1/me/credentials/" + slug, null, "X-XSRF-TOKEN", alice.http.cookie("XSRF-TOKEN"));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);

        String serverId = admin.call("GET", "/v1/admin/servers/" + slug, null)
                .json()
                .get("id")
                .asString();
        TestHttp.Reply reply =
                admin.call("GET", "/v1/audit/events?type=config&limit=10&tool=" + serverId + "/" + alice.id, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> rows = new java.util.ArrayList<>();
        reply.json().get("events").forEach(rows::add);
        rows.sort(java.util.Comparator.comparingLong(row -> row.get("id").asLong()));

        assertThat(rows)
                .extracting(row -> row.get("type").asString())
                .containsExactly("config.credential.set", "config.credential.deleted");
        assertThat(rows.getFirst().at("/detail/after/server").asString()).isEqualTo(slug);
        assertThat(rows.getFirst().at("/detail/after/names/0").asString()).isEqualTo("api_token");
        assertThat(rows.getLast().at("/detail/before/names/0").asString()).isEqualTo("api_token");
        assertThat(reply.body()).doesNotContain(canary);
        assertThat(databaseDump()).doesNotContain(canary);
    }

    @Test
    void callWhenUserChangesTheTokenThenTheirProcessRestartsWithTheNewValue() {
        User alice = newUser();
        alice.putToken("first-" + UUID.randomUUID());
        alice.getEnv();
        String second = "second-" + UUID.randomUUID();

        alice.putToken(second);

        assertThat(alice.getEnv()).contains(second);
    }

    @Test
    void callWhenRequiredTokenIsMissingThenErrorNamesItAndWhereToSetIt() {
        User carol = newUser();

        JsonNode reply = carol.call("get-env");

        assertThat(reply.path("error").path("message").asString())
                .contains("api_token")
                .contains("PUT /v1/me/credentials/" + slug);
    }

    @Test
    void callWhenAnotherUsersSealedRowIsCopiedInThenItDoesNotDecrypt() {
        User alice = newUser();
        User mallory = newUser();
        String canary = "moved-" + UUID.randomUUID();
        alice.putToken(canary);
        mallory.putToken("mallorys-own");
        UUID serverId = jdbc.sql("select id from servers where slug = ?")
                .param(slug)
                .query(UUID.class)
                .single();
        jdbc.sql("update credentials set sealed = (select sealed from credentials where server_id = ? and user_id = ?)"
                        + " where server_id = ? and user_id = ?")
                .params(serverId, alice.id, serverId, mallory.id)
                .update();

        JsonNode reply = mallory.call("get-env");

        assertThat(reply.toString()).doesNotContain(canary);
        assertThat(reply.path("error").path("message").asString()).contains("cannot be read");
    }

    @Test
    void putWhenCredentialIsUnknownThenRefusedNamingIt() {
        User alice = newUser();

        TestHttp.Reply reply = alice.http.send(
                "PUT",
                "/v1/me/credentials/" + slug,
                Map.of("values", Map.of("other", "x")),
                "X-XSRF-TOKEN",
                alice.http.cookie("XSRF-TOKEN"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo("values.other");
    }

    /** Every row of every table, as text: what a stolen database would show. */
    private String databaseDump() {
        StringBuilder dump = new StringBuilder();
        for (String table : jdbc.sql("select tablename from pg_tables where schemaname = 'public'")
                .query(String.class)
                .list()) {
            jdbc.sql("select t::text from \"" + table + "\" t")
                    .query(String.class)
                    .list()
                    .forEach(dump::append);
        }
        return dump.toString();
    }

    private User newUser() {
        String username = "cred-" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = UUID.fromString(admin.create(
                        "/v1/admin/users", Map.of("username", username, "password", PASSWORD, "roles", List.of("USER")))
                .get("id")
                .asString());
        admin.create("/v1/admin/grants", Map.of("user_id", id, "server", slug, "allow", List.of("*")));
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestHttp.Reply login = http.send("POST", "/v1/auth/login", Map.of("username", username, "password", PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(id), "client_name", "credentials test"))
                .json()
                .get("session_token")
                .asString();
        return new User(id, http, token, new TestMcp(http).initialize(token));
    }

    private final class User {
        final UUID id;
        final TestHttp http;
        final String token;
        final String session;

        User(UUID id, TestHttp http, String token, String session) {
            this.id = id;
            this.http = http;
            this.token = token;
            this.session = session;
        }

        void putToken(String value) {
            TestHttp.Reply reply = http.send(
                    "PUT",
                    "/v1/me/credentials/" + slug,
                    Map.of("values", Map.of("api_token", value)),
                    "X-XSRF-TOKEN",
                    http.cookie("XSRF-TOKEN"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        }

        String getEnv() {
            JsonNode reply = call("get-env");
            assertThat(reply.has("result")).as(reply.toString()).isTrue();
            return reply.at("/result/content/0/text").asString();
        }

        JsonNode call(String tool) {
            return new TestMcp(http)
                    .post(
                            token,
                            session,
                            Map.of(
                                    "jsonrpc",
                                    "2.0",
                                    "id",
                                    ids.incrementAndGet(),
                                    "method",
                                    "tools/call",
                                    "params",
                                    Map.of("name", slug + "__" + tool, "arguments", Map.of())))
                    .json();
        }
    }
}
