package dev.mcp.ambassador.killswitch;

import static dev.mcp.ambassador.support.TestEventStream.json;
import static dev.mcp.ambassador.support.TestEventStream.mcpRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestEventStream;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Kill switches on a real server-everything: a switch on a server refuses the next request of every
 * live session of every user and stops a long call that is running on it; lifting it lets both
 * through again.
 */
class KillSwitchEndToEndTests extends SharedServerTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestHttp http;
    private TestMcp mcp;
    private TestAdmin admin;
    private String slug;
    private int ids = 100;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port, DATA_DIR);
        mcp = new TestMcp(http);
        admin = TestAdmin.signIn(http);
        slug = "kill-" + UUID.randomUUID().toString().substring(0, 8);
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
    }

    @Test
    void killSwitchWhenSetOnAServerThenBothUsersAreRefusedTheRunningCallStopsAndLiftingRestoresBoth() {
        Client alice = client("alice");
        Client bob = client("bob");
        assertThat(echo(alice, "before").at("/result/content/0/text").asString())
                .isEqualTo("Echo: before");

        JsonNode killSwitch;
        JsonNode stopped;
        try (TestEventStream running = TestEventStream.open(
                http.clientBuilder().build(),
                mcpRequest(http, alice.token, alice.session)
                        .header("Content-Type", "application/json")
                        .POST(json(Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                ids++,
                                "method",
                                "tools/call",
                                "params",
                                Map.of(
                                        "name",
                                        slug + "__trigger-long-running-operation",
                                        "arguments",
                                        Map.of("duration", 60, "steps", 60),
                                        "_meta",
                                        Map.of("progressToken", "long")))))
                        .build())) {
            JsonNode message = running.nextMessage(WAIT);
            while (!message.path("method").asString("").equals("notifications/progress")) {
                message = running.nextMessage(WAIT);
            }

            killSwitch = admin.create(
                    "/v1/admin/kill-switches", Map.of("scope", "server", "target", slug, "reason", "incident 42"));

            do {
                message = running.nextMessage(WAIT);
            } while (message.has("method"));
            stopped = message;
        }

        assertThat(stopped.at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(stopped.at("/error/data/refused_by").asString()).isEqualTo("kill_switch");
        for (Client client : List.of(alice, bob)) {
            JsonNode refused = echo(client, "during");
            assertThat(refused.at("/error/data/refused_by").asString()).isEqualTo("kill_switch");
            assertThat(refused.at("/error/message").asString()).contains(slug).contains("incident 42");
        }
        assertThat(killSwitch.get("active").asBoolean()).isTrue();
        assertThat(killSwitch.get("created_by").asString()).isEqualTo("admin");
        String id = killSwitch.get("id").asString();
        assertThat(admin.call("GET", "/v1/admin/kill-switches?active=true", null)
                        .json())
                .anySatisfy(listed -> assertThat(listed.get("id").asString()).isEqualTo(id));

        assertThat(admin.call("DELETE", "/v1/admin/kill-switches/" + id, null).status())
                .isEqualTo(204);

        for (Client client : List.of(alice, bob)) {
            assertThat(echo(client, "after").at("/result/content/0/text").asString())
                    .isEqualTo("Echo: after");
        }
        JsonNode lifted =
                admin.call("GET", "/v1/admin/kill-switches/" + id, null).json();
        assertThat(lifted.get("active").asBoolean()).isFalse();
        assertThat(lifted.get("lifted_by").asString()).isEqualTo("admin");
        assertThat(lifted.get("lifted_at").isNull()).isFalse();
        assertThat(admin.call("DELETE", "/v1/admin/kill-switches/" + id, null).status())
                .isEqualTo(409);
    }

    @Test
    void killSwitchWhenSetOnOneToolThenOnlyThatToolIsRefused() {
        Client carol = client("carol");
        String id = admin.create(
                        "/v1/admin/kill-switches",
                        Map.of("scope", "tool", "target", slug + "/echo", "reason", "leaks data"))
                .get("id")
                .asString();
        try {
            assertThat(echo(carol, "x").at("/error/data/refused_by").asString()).isEqualTo("kill_switch");
            JsonNode sum = mcp.post(
                            carol.token,
                            carol.session,
                            message(
                                    "tools/call",
                                    Map.of("name", slug + "__get-sum", "arguments", Map.of("a", 1, "b", 2))))
                    .json();
            assertThat(sum.has("result")).as(sum.toString()).isTrue();
        } finally {
            admin.call("DELETE", "/v1/admin/kill-switches/" + id, null);
        }
    }

    @Test
    void createWhenInputIsWrongThenProblemNamesTheField() {
        assertField(Map.of("scope", "planet", "target", slug, "reason", "r"), "scope");
        assertField(Map.of("scope", "server", "target", "no-such-server", "reason", "r"), "target");
        assertField(Map.of("scope", "global", "target", slug, "reason", "r"), "target");
        assertField(Map.of("scope", "tool", "target", slug, "reason", "r"), "target");
        assertField(Map.of("scope", "user", "target", UUID.randomUUID().toString(), "reason", "r"), "target");
        assertField(Map.of("scope", "server", "target", slug), "reason");
    }

    private void assertField(Map<String, Object> body, String field) {
        TestHttp.Reply reply = admin.call("POST", "/v1/admin/kill-switches", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo(field);
    }

    private record Client(String token, String session) {}

    private Client client(String name) {
        UUID user = admin.createUser(name + "-" + UUID.randomUUID().toString().substring(0, 8));
        admin.create("/v1/admin/grants", Map.of("user_id", user, "server", slug, "allow", List.of("*")));
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", name))
                .json()
                .get("session_token")
                .asString();
        return new Client(token, mcp.initialize(token));
    }

    private JsonNode echo(Client client, String text) {
        return mcp.post(
                        client.token,
                        client.session,
                        message("tools/call", Map.of("name", slug + "__echo", "arguments", Map.of("message", text))))
                .json();
    }

    private Map<String, Object> message(String method, Map<String, Object> params) {
        return Map.of("jsonrpc", "2.0", "id", ids++, "method", method, "params", params);
    }
}
