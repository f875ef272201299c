package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/me/tools} lists what the caller's grants let through, from a real server
 * (server-everything), exactly as tools/list names them for a client of that user.
 */
class MyToolsEndToEndTests extends SharedServerTests {

    private static final String PASSWORD = "Amber-lighthouse-wanders-north-62";

    @Test
    void meToolsWhenGrantAllowsSomeAndDeniesOneThenListsExactlyWhatToolsListOffers() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));
        String slug = "mine-" + UUID.randomUUID().toString().substring(0, 8);
        String username = "tools-" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = userWithPassword(admin, username);
        admin.publishEverything(slug, id, List.of("echo", "get-*"), List.of("get-env"));
        TestHttp http = signedIn(username);

        TestHttp.Reply reply = http.send("GET", "/v1/me/tools", null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        List<String> tools = new ArrayList<>();
        for (JsonNode tool : reply.json()) {
            assertThat(tool.get("server").asString()).isEqualTo(slug);
            names.add(tool.get("name").asString());
            tools.add(tool.get("tool").asString());
        }
        assertThat(tools).contains("echo").doesNotContain("get-env");
        assertThat(tools).allMatch(tool -> tool.equals("echo") || tool.startsWith("get-"));
        assertThat(reply.json().get(0).has("description")).isTrue();
        assertThat(names).containsExactlyInAnyOrderElementsOf(toolsListOf(admin, http, id));
    }

    @Test
    void meToolsWhenUserHasNoGrantThenListsNothing() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));
        String username = "nogrant-" + UUID.randomUUID().toString().substring(0, 8);
        userWithPassword(admin, username);

        TestHttp.Reply reply = signedIn(username).send("GET", "/v1/me/tools", null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().size()).isZero();
    }

    @Test
    void meToolsWhenNotSignedInThenRefused() {
        TestHttp.Reply reply = new TestHttp(port, DATA_DIR).send("GET", "/v1/me/tools", null);

        assertThat(reply.status()).isEqualTo(401);
    }

    private static UUID userWithPassword(TestAdmin admin, String username) {
        return UUID.fromString(admin.create(
                        "/v1/admin/users", Map.of("username", username, "password", PASSWORD, "roles", List.of("USER")))
                .get("id")
                .asString());
    }

    private TestHttp signedIn(String username) {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestHttp.Reply login = http.send("POST", "/v1/auth/login", Map.of("username", username, "password", PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return http;
    }

    /** tools/list through /mcp for a client registered with an unscoped key of the same user. */
    private List<String> toolsListOf(TestAdmin admin, TestHttp http, UUID userId) {
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(userId), "client_name", "my tools test"))
                .json()
                .get("session_token")
                .asString();
        TestMcp mcp = new TestMcp(http);
        String session = mcp.initialize(token);
        TestHttp.Reply list = mcp.post(token, session, Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/list"));
        List<String> names = new ArrayList<>();
        list.json()
                .at("/result/tools")
                .forEach(tool -> names.add(tool.get("name").asString()));
        assertThat(names).isNotEmpty();
        return names;
    }
}
