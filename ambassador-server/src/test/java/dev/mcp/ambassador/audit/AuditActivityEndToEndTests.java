package dev.mcp.ambassador.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/admin/activity} counts real MCP calls on server-everything, and the calls a kill
 * switch refused by that reason, minute by minute from the audit trail.
 */
class AuditActivityEndToEndTests extends SharedServerTests {

    private static final String PASSWORD = "Harbor-sunrise-velvet-comet-44";

    @Test
    void activityWhenCallsRunAndOneIsRefusedByAKillSwitchThenEachIsCountedInItsMinuteAndByReason() {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        String slug = "act-" + UUID.randomUUID().toString().substring(0, 8);
        UUID userId = admin.createUser("act-" + UUID.randomUUID().toString().substring(0, 8));
        admin.publishEverything(slug, userId, List.of("echo"), List.of());
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(userId), "client_name", "activity test"))
                .json()
                .get("session_token")
                .asString();
        TestMcp mcp = new TestMcp(http);
        String session = mcp.initialize(token);
        JsonNode before = activity(admin);

        assertThat(echo(mcp, token, session, slug + "__echo", 1).has("result")).isTrue();
        assertThat(echo(mcp, token, session, slug + "__echo", 2).has("result")).isTrue();
        JsonNode killSwitch =
                admin.create("/v1/admin/kill-switches", Map.of("scope", "server", "target", slug, "reason", "test"));
        assertThat(echo(mcp, token, session, slug + "__echo", 3).has("error")).isTrue();
        admin.call("DELETE", "/v1/admin/kill-switches/" + killSwitch.get("id").asString(), null);
        JsonNode after = activity(admin);

        assertThat(total(after, "calls") - total(before, "calls")).isEqualTo(3);
        assertThat(total(after, "refused") - total(before, "refused")).isEqualTo(1);
        assertThat(reason(after, "kill_switch") - reason(before, "kill_switch")).isEqualTo(1);
        JsonNode minutes = after.get("per_minute");
        assertThat(minutes.size()).isEqualTo(60);
        for (int i = 1; i < minutes.size(); i++) {
            Instant previous = Instant.parse(minutes.get(i - 1).get("minute").asString());
            assertThat(Instant.parse(minutes.get(i).get("minute").asString())).isEqualTo(previous.plusSeconds(60));
        }
        assertThat(Instant.parse(after.get("to").asString())).isAfter(Instant.now());
    }

    @Test
    void activityWhenMinutesOutOfRangeThenRefusedNamingTheField() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));

        TestHttp.Reply reply = admin.call("GET", "/v1/admin/activity?minutes=0", null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo("minutes");
    }

    @Test
    void activityWhenCallerIsNotAnAdminThenForbidden() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));
        String username = "act-user-" + UUID.randomUUID().toString().substring(0, 8);
        admin.create("/v1/admin/users", Map.of("username", username, "password", PASSWORD, "roles", List.of("USER")));
        TestHttp user = new TestHttp(port, DATA_DIR);
        assertThat(user.send("POST", "/v1/auth/login", Map.of("username", username, "password", PASSWORD))
                        .status())
                .isEqualTo(200);

        assertThat(user.send("GET", "/v1/admin/activity", null).status()).isEqualTo(403);
    }

    private static JsonNode activity(TestAdmin admin) {
        TestHttp.Reply reply = admin.call("GET", "/v1/admin/activity", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static long total(JsonNode activity, String field) {
        long sum = 0;
        for (JsonNode minute : activity.get("per_minute")) {
            sum += minute.get(field).asLong();
        }
        return sum;
    }

    private static long reason(JsonNode activity, String name) {
        for (JsonNode reason : activity.get("refusals_by_reason")) {
            if (reason.get("reason").asString().equals(name)) {
                return reason.get("count").asLong();
            }
        }
        return 0;
    }

    private static JsonNode echo(TestMcp mcp, String token, String session, String tool, int id) {
        return mcp.post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                id,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", tool, "arguments", Map.of("message", "hi"))))
                .json();
    }
}
