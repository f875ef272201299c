package dev.mcp.ambassador.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestServerSettings;
import java.util.ArrayList;
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
 * Every kind of configuration change made through the admin API leaves one {@code config.*} row
 * naming who did what, with the before and after, and the chain still verifies. The secrets that
 * pass through those changes (a password, an issued key, a catalog environment value, a header
 * value, a URL's query) appear in no row and no log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConfigurationAuditIntegrationTests extends SharedServerTests {

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
    void changesWhenMadeThroughTheAdminApiThenEachIsAuditedOnceWithoutItsSecrets(CapturedOutput output) {
        List<String> canaries = new ArrayList<>();

        // Users: created with a password, updated, suspended, activated, deleted.
        String password =
                "Canary-orchid-lantern-" + UUID.randomUUID().toString().substring(0, 8) + "-Zq";
        canaries.add(password);
        String user = admin.create(
                        "/v1/admin/users",
                        Map.of("username", "audited-" + suffix, "password", password, "roles", List.of("USER")))
                .get("id")
                .asString();
        patch("/v1/admin/users/" + user, Map.of("display_name", "Audited " + suffix));
        patch("/v1/admin/users/" + user, Map.of("status", "suspended"));
        patch("/v1/admin/users/" + user, Map.of("status", "active"));

        // Groups: created, a member added and removed, deleted.
        String group = admin.create("/v1/admin/groups", Map.of("name", "group-" + suffix))
                .get("id")
                .asString();
        assertThat(admin.call("POST", "/v1/admin/groups/" + group + "/members", Map.of("user_id", user))
                        .status())
                .isEqualTo(204);
        delete("/v1/admin/groups/" + group + "/members/" + user);
        delete("/v1/admin/groups/" + group);

        // Keys: an admin API key and a preshared key, each issued and revoked.
        JsonNode apiKey = admin.create("/v1/admin/api-keys", Map.of("name", "automation-" + suffix));
        canaries.add(apiKey.get("api_key").asString());
        delete("/v1/admin/api-keys/" + apiKey.get("id").asString());
        JsonNode presharedKey = admin.create("/v1/admin/preshared-keys", Map.of("user_id", user, "name", "laptop"));
        canaries.add(presharedKey.get("preshared_key").asString());
        delete("/v1/admin/preshared-keys/" + presharedKey.get("id").asString());

        // Catalog: a stdio server with a secret in its environment, published, archived, deleted;
        // an http server with a secret header and a secret in its URL's query.
        String envValue = "canary-env-" + suffix;
        String headerValue = "canary-header-" + suffix;
        String queryValue = "canary-query-" + suffix;
        canaries.addAll(List.of(envValue, headerValue, queryValue));
        String stdio = "stdio-" + suffix;
        String stdioId = admin.create(
                        "/v1/admin/servers",
                        Map.of(
                                "slug",
                                stdio,
                                "transport",
                                "stdio",
                                "command",
                                List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"),
                                "env",
                                Map.of("API_TOKEN", envValue)))
                .get("id")
                .asString();
        patch("/v1/admin/servers/" + stdio, Map.of("status", "published"));
        patch("/v1/admin/servers/" + stdio, Map.of("status", "archived"));
        delete("/v1/admin/servers/" + stdio);
        String remote = "http-" + suffix;
        String remoteId = admin.create(
                        "/v1/admin/servers",
                        Map.of(
                                "slug",
                                remote,
                                "transport",
                                "http",
                                "url",
                                "https://127.0.0.1:9/mcp?access=" + queryValue,
                                "headers",
                                Map.of("X-Upstream-Auth", headerValue)))
                .get("id")
                .asString();
        delete("/v1/admin/users/" + user);

        assertThat(actions(user))
                .containsExactly(
                        "config.user.created",
                        "config.user.updated",
                        "config.user.suspended",
                        "config.user.activated",
                        "config.user.deleted");
        assertThat(actions(group))
                .containsExactly(
                        "config.group.created",
                        "config.group.member_added",
                        "config.group.member_removed",
                        "config.group.deleted");
        assertThat(actions(apiKey.get("id").asString()))
                .containsExactly("config.api_key.issued", "config.api_key.revoked");
        assertThat(actions(presharedKey.get("id").asString()))
                .containsExactly("config.preshared_key.issued", "config.preshared_key.revoked");
        assertThat(actions(stdioId))
                .containsExactly(
                        "config.server.created",
                        "config.server.published",
                        "config.server.archived",
                        "config.server.deleted");
        assertThat(actions(remoteId)).containsExactly("config.server.created");

        List<JsonNode> userRows = rows(user);
        assertThat(userRows).allSatisfy(row -> assertThat(row.get("username").asString())
                .isEqualTo(TestServerSettings.ADMIN_USERNAME));
        assertThat(userRows.get(2).at("/detail/before/status").asString()).isEqualTo("active");
        assertThat(userRows.get(2).at("/detail/after/status").asString()).isEqualTo("suspended");
        assertThat(userRows.getLast().at("/detail/after").isNull()).isTrue();
        assertThat(rows(stdioId).getFirst().at("/detail/after/env_names/0").asString())
                .isEqualTo("API_TOKEN");
        assertThat(rows(remoteId).getFirst().at("/detail/after/header_names/0").asString())
                .isEqualTo("X-Upstream-Auth");
        assertThat(rows(remoteId).getFirst().at("/detail/after/url").asString()).isEqualTo("https://127.0.0.1:9/mcp");
        assertThat(rows(presharedKey.get("id").asString())
                        .getLast()
                        .at("/detail/after/revoked_at")
                        .isString())
                .isTrue();

        TestHttp.Reply verify = admin.call("GET", "/v1/audit/verify", null);
        assertThat(verify.status()).isEqualTo(200);
        assertThat(verify.json().get("ok").asBoolean()).as(verify.body()).isTrue();

        String everyRow = jdbc.sql("select string_agg(payload, chr(10)) from audit_events")
                .query(String.class)
                .single();
        TestHttp.Reply export = admin.call("GET", "/v1/audit/export?format=ndjson&type=config", null);
        for (String canary : canaries) {
            assertThat(everyRow).as("audit rows").doesNotContain(canary);
            assertThat(export.body()).as("audit export").doesNotContain(canary);
            assertThat(output.getAll()).as("log").doesNotContain(canary);
        }
        assertThat(output.getAll()).contains("configuration change action=server.created");
    }

    private List<String> actions(String target) {
        return rows(target).stream().map(row -> row.get("type").asString()).toList();
    }

    /** The configuration rows about {@code target}, oldest first. */
    private List<JsonNode> rows(String target) {
        TestHttp.Reply reply = admin.call("GET", "/v1/audit/events?type=config&limit=100&tool=" + target, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        reply.json().get("events").forEach(rows::add);
        rows.sort(java.util.Comparator.comparingLong(row -> row.get("id").asLong()));
        return rows;
    }

    private void patch(String path, Object body) {
        TestHttp.Reply reply = admin.call("PATCH", path, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private void delete(String path) {
        TestHttp.Reply reply = admin.call("DELETE", path, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(204);
    }
}
