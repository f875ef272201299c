package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
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
 * A catalog entry's env values and remote headers are sealed in the vault: they reach the
 * downstream (server-everything's {@code get-env} shows its environment), but no view of the
 * entry, no log line and no row of the database shows them; entries stored in plaintext before
 * are sealed at startup.
 */
@ExtendWith(OutputCaptureExtension.class)
class CatalogSecretsEndToEndTests extends SharedServerTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CatalogSecrets secrets;

    private TestAdmin admin;
    private TestHttp http;

    @BeforeEach
    void signIn() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
    }

    @Test
    void envWhenSetByAnAdminThenItReachesTheProcessButNoViewLogOrDatabaseRowShowsIt(CapturedOutput output) {
        String canary = "catalog-env-" + UUID.randomUUID();
        String changed = "catalog-env-changed-" + UUID.randomUUID();
        String slug = "secret-" + UUID.randomUUID().toString().substring(0, 8);
        admin.create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "stdio",
                        "command",
                        List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"),
                        "env",
                        Map.of("SERVICE_TOKEN", canary),
                        "status",
                        "published"));
        Caller caller = caller(slug);

        assertThat(caller.getEnv()).contains("SERVICE_TOKEN").contains(canary);

        TestHttp.Reply one = admin.call("GET", "/v1/admin/servers/" + slug, null);
        assertThat(one.json().get("env_names").toString()).isEqualTo("[\"SERVICE_TOKEN\"]");
        assertThat(one.json().has("env")).isFalse();
        assertThat(one.body()).doesNotContain(canary);
        assertThat(admin.call("GET", "/v1/admin/servers", null).body()).doesNotContain(canary);

        TestHttp.Reply patched =
                admin.call("PATCH", "/v1/admin/servers/" + slug, Map.of("env", Map.of("SERVICE_TOKEN", changed)));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.body()).doesNotContain(changed);
        assertThat(caller.getEnv()).contains(changed).doesNotContain(canary);
        TestHttp.Reply renamed =
                admin.call("PATCH", "/v1/admin/servers/" + slug, Map.of("display_name", "kept secrets"));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(caller.getEnv()).as("a patch without env keeps the values").contains(changed);

        assertThat(databaseDump()).doesNotContain(canary).doesNotContain(changed);
        assertThat(output.getAll()).doesNotContain(canary).doesNotContain(changed);
    }

    @Test
    void headersWhenSetOnARemoteServerThenOnlyTheirNamesAreStoredOrShown() {
        String canary = "catalog-header-" + UUID.randomUUID();
        String slug = "remote-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = admin.create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "http",
                        "url",
                        "https://127.0.0.1:9/mcp",
                        "headers",
                        Map.of("X-Service-Key", canary)));
        assertThat(created.toString()).doesNotContain(canary);
        assertThat(created.get("header_names").toString()).isEqualTo("[\"X-Service-Key\"]");
        UUID id = UUID.fromString(created.get("id").asString());
        assertThat(jdbc.sql("select name from credentials where server_id = ? and user_id is null")
                        .param(id)
                        .query(String.class)
                        .list())
                .containsExactly("header:X-Service-Key");
        assertThat(databaseDump()).doesNotContain(canary);
    }

    @Test
    void startWhenAnEntryStillHoldsPlaintextThenItIsSealedAndStillReachesTheProcess() {
        String canary = "legacy-env-" + UUID.randomUUID();
        String slug = "legacy-" + UUID.randomUUID().toString().substring(0, 8);
        admin.create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "stdio",
                        "command",
                        List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"),
                        "status",
                        "published"));
        // As a version before the vault left it: the value in the row, not sealed.
        jdbc.sql("update servers set env = jsonb_build_object('LEGACY_TOKEN', ?::text), secrets_sealed = false"
                        + " where slug = ?")
                .params(canary, slug)
                .update();
        assertThat(databaseDump()).contains(canary);

        secrets.afterSingletonsInstantiated();

        assertThat(databaseDump()).doesNotContain(canary);
        assertThat(jdbc.sql("select secrets_sealed from servers where slug = ?")
                        .param(slug)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(caller(slug).getEnv()).contains("LEGACY_TOKEN").contains(canary);
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

    private Caller caller(String slug) {
        UUID user = admin.createUser("secret-" + UUID.randomUUID().toString().substring(0, 8));
        admin.create("/v1/admin/grants", Map.of("user_id", user, "server", slug, "allow", List.of("*")));
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "secrets"))
                .json()
                .get("session_token")
                .asString();
        TestMcp mcp = new TestMcp(http);
        return new Caller(mcp, token, mcp.initialize(token), slug);
    }

    private record Caller(TestMcp mcp, String token, String session, String slug) {
        String getEnv() {
            JsonNode reply = mcp.post(
                            token,
                            session,
                            Map.of(
                                    "jsonrpc",
                                    "2.0",
                                    "id",
                                    UUID.randomUUID().toString(),
                                    "method",
                                    "tools/call",
                                    "params",
                                    Map.of("name", slug + "__get-env", "arguments", Map.of())))
                    .json();
            assertThat(reply.has("result")).as(reply.toString()).isTrue();
            return reply.at("/result/content/0/text").asString();
        }
    }
}
