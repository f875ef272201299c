package dev.mcp.ambassador.cluster;

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
import tools.jackson.databind.JsonNode;

/**
 * What the server keeps in memory of the catalog and of group memberships follows a change made
 * through the admin API from the very next request: each change is answered, then one call shows
 * it, with no wait in between.
 */
class CachedChangesEndToEndTests extends SharedServerTests {

    private TestHttp http;
    private TestAdmin admin;
    private TestMcp mcp;
    private UUID user;
    private String slug;
    private String token;
    private String session;
    private int id = 1;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
        slug = "cached-" + UUID.randomUUID().toString().substring(0, 8);
        user = admin.createUser(slug);
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
        mcp = new TestMcp(http);
        token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "cached"))
                .json()
                .get("session_token")
                .asString();
        session = mcp.initialize(token);
    }

    @Test
    void callWhenTheServerIsArchivedAndPublishedAgainThenTheVeryNextCallFollowsEachChange() {
        admin.create("/v1/admin/grants", Map.of("user_id", user, "server", slug, "allow", List.of("echo")));
        assertThat(echo("before").has("result")).isTrue();

        patchStatus("archived");
        assertThat(echo("archived").at("/error/data/refused_by").asString()).isEqualTo("rbac");

        patchStatus("published");
        assertThat(echo("published again").has("result")).isTrue();
    }

    @Test
    void callWhenTheUserJoinsAndLeavesTheGrantedGroupThenTheVeryNextCallFollowsEachChange() {
        String group =
                admin.create("/v1/admin/groups", Map.of("name", slug)).get("id").asString();
        admin.create("/v1/admin/grants", Map.of("group_id", group, "server", slug, "allow", List.of("echo")));
        assertThat(echo("not a member").at("/error/data/refused_by").asString()).isEqualTo("rbac");

        assertThat(admin.call("POST", "/v1/admin/groups/" + group + "/members", Map.of("user_id", user))
                        .status())
                .isBetween(200, 204);
        assertThat(echo("member").has("result")).isTrue();

        assertThat(admin.call("DELETE", "/v1/admin/groups/" + group + "/members/" + user, null)
                        .status())
                .isEqualTo(204);
        assertThat(echo("no longer a member").at("/error/data/refused_by").asString())
                .isEqualTo("rbac");
    }

    private void patchStatus(String status) {
        assertThat(admin.call("PATCH", "/v1/admin/servers/" + slug, Map.of("status", status))
                        .status())
                .isEqualTo(200);
    }

    private JsonNode echo(String text) {
        return mcp.post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                id++,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", slug + "__echo", "arguments", Map.of("message", text))))
                .json();
    }
}
