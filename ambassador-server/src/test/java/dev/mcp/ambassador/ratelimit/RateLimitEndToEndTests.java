package dev.mcp.ambassador.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Rate limits on a real server-everything: with a limit of N per minute request N+1 is refused with
 * {@code retry_after_seconds} and recorded as refused by the rate limit; once the budget refills,
 * or the limit is deleted, requests pass again. The admin API names every bad field.
 */
class RateLimitEndToEndTests extends SharedServerTests {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private TestHttp http;
    private TestMcp mcp;
    private TestAdmin admin;
    private String slug;
    private UUID user;
    private String token;
    private String session;
    private int ids = 100;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port, DATA_DIR);
        mcp = new TestMcp(http);
        admin = TestAdmin.signIn(http);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        slug = "limited-" + suffix;
        user = admin.createUser("limited-" + suffix);
        admin.publishEverything(slug, user, List.of("*"), List.of());
        token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "limited"))
                .json()
                .get("session_token")
                .asString();
        session = mcp.initialize(token);
    }

    @Test
    void callWhenNPerMinuteAreSpentThenRequestNPlusOneIsRefusedWithRetryAfterAndAudited() {
        String limit = admin.create(
                        "/v1/admin/rate-limits",
                        Map.of("scope", "user", "target", user.toString(), "capacity", 3, "refill_per_minute", 1))
                .get("id")
                .asString();

        for (int i = 0; i < 3; i++) {
            assertThat(echo("call " + i).at("/result/content/0/text").asString())
                    .isEqualTo("Echo: call " + i);
        }
        JsonNode refused = echo("one too many");

        assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(-32001);
        assertThat(refused.at("/error/data/refused_by").asString()).isEqualTo("rate_limit");
        // One token a minute: the next one is at most a minute away, and more than a few seconds.
        assertThat(refused.at("/error/data/retry_after_seconds").asLong()).isBetween(30L, 60L);
        assertThat(refused.at("/error/message").asString()).contains("your account");
        JsonNode denied = admin.call(
                        "GET", "/v1/audit/events?server=" + slug + "&type=mcp.request&decision=denied", null)
                .json()
                .get("events");
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).get("stage").asString()).isEqualTo("rate_limit");

        assertThat(admin.call("DELETE", "/v1/admin/rate-limits/" + limit, null).status())
                .isEqualTo(204);
        assertThat(echo("limit gone").at("/result/content/0/text").asString()).isEqualTo("Echo: limit gone");
    }

    @Test
    void callWhenTheBudgetRefillsThenItPassesAgain() throws InterruptedException {
        // One token every five seconds for this user on this server.
        admin.create(
                "/v1/admin/rate-limits",
                Map.of("scope", "user_server", "target", slug, "capacity", 1, "refill_per_minute", 12));
        assertThat(echo("first").has("result")).isTrue();

        JsonNode refused = echo("too soon");
        assertThat(refused.at("/error/data/refused_by").asString())
                .as(refused.toString())
                .isEqualTo("rate_limit");
        assertThat(refused.at("/error/data/retry_after_seconds").asLong()).isBetween(1L, 5L);

        Instant deadline = Instant.now().plus(DEADLINE);
        JsonNode reply = echo("after the refill");
        while (!reply.has("result")) {
            assertThat(reply.at("/error/data/refused_by").asString()).isEqualTo("rate_limit");
            assertThat(Instant.now()).as("waiting for the budget to refill").isBefore(deadline);
            Thread.sleep(250);
            reply = echo("after the refill");
        }
        assertThat(reply.at("/result/content/0/text").asString()).isEqualTo("Echo: after the refill");
    }

    @Test
    void callWhenALimitNamesOneToolThenOtherToolsAreNotCountedAgainstIt() {
        admin.create(
                "/v1/admin/rate-limits",
                Map.of("scope", "tool", "target", slug + "/echo", "capacity", 1, "refill_per_minute", 1));

        assertThat(echo("once").has("result")).isTrue();
        assertThat(echo("twice").at("/error/data/refused_by").asString()).isEqualTo("rate_limit");
        JsonNode sum = mcp.post(
                        token,
                        session,
                        message("tools/call", Map.of("name", slug + "__get-sum", "arguments", Map.of("a", 1, "b", 2))))
                .json();
        assertThat(sum.has("result"))
                .as("another tool has its own budget: " + sum)
                .isTrue();
    }

    @Test
    void createWhenInputIsWrongThenProblemNamesTheField() {
        assertField(body("planet", slug, 1, 1), "scope");
        assertField(body("server", "no-such-server", 1, 1), "target");
        assertField(body("user_server", "no-such-server", 1, 1), "target");
        assertField(body("tool", slug, 1, 1), "target");
        assertField(body("user", UUID.randomUUID().toString(), 1, 1), "target");
        assertField(body("key", "not-an-id", 1, 1), "target");
        assertField(body("user", user.toString().toUpperCase(), 1, 1), "target");
        assertField(body("server", slug, 0, 1), "capacity");
        assertField(body("server", slug, 1_000_001, 1), "capacity");
        assertField(body("server", slug, 1, 0), "refill_per_minute");
        Map<String, Object> noRefill = body("server", slug, 1, 1);
        noRefill.remove("refill_per_minute");
        assertField(noRefill, "refill_per_minute");
        Map<String, Object> noScope = body("server", slug, 1, 1);
        noScope.remove("scope");
        assertField(noScope, "scope");
    }

    @Test
    void createWhenTheScopeAndTargetHaveALimitThenConflictAndChangesAreAudited() {
        JsonNode created = admin.create("/v1/admin/rate-limits", body("server", slug, 100, 100));
        assertThat(created.get("scope").asString()).isEqualTo("server");
        assertThat(created.get("target").asString()).isEqualTo(slug);
        assertThat(created.get("capacity").asLong()).isEqualTo(100);
        assertThat(created.get("refill_per_minute").asLong()).isEqualTo(100);
        assertThat(created.get("created_by").asString()).isEqualTo("admin");
        String id = created.get("id").asString();

        TestHttp.Reply duplicate = admin.call("POST", "/v1/admin/rate-limits", body("server", slug, 5, 5));
        assertThat(duplicate.status()).as(duplicate.body()).isEqualTo(409);
        assertThat(admin.call("GET", "/v1/admin/rate-limits/" + id, null)
                        .json()
                        .get("capacity")
                        .asLong())
                .isEqualTo(100);
        assertThat(admin.call("GET", "/v1/admin/rate-limits", null).json())
                .anySatisfy(listed -> assertThat(listed.get("id").asString()).isEqualTo(id));

        assertThat(admin.call("DELETE", "/v1/admin/rate-limits/" + id, null).status())
                .isEqualTo(204);
        assertThat(admin.call("GET", "/v1/admin/rate-limits/" + id, null).status())
                .isEqualTo(404);
        assertThat(admin.call("DELETE", "/v1/admin/rate-limits/" + id, null).status())
                .isEqualTo(404);
        JsonNode changes = admin.call("GET", "/v1/audit/events?type=config.rate_limit&limit=100", null)
                .json()
                .get("events");
        List<String> types = changes.findValuesAsString("type");
        assertThat(types).contains("config.rate_limit.created", "config.rate_limit.deleted");
    }

    private static Map<String, Object> body(String scope, String target, long capacity, long refillPerMinute) {
        Map<String, Object> body = new HashMap<>();
        body.put("scope", scope);
        body.put("target", target);
        body.put("capacity", capacity);
        body.put("refill_per_minute", refillPerMinute);
        return body;
    }

    private void assertField(Map<String, Object> body, String field) {
        TestHttp.Reply reply = admin.call("POST", "/v1/admin/rate-limits", body);
        assertThat(reply.status()).as(body + " → " + reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString())
                .as(reply.body())
                .isEqualTo(field);
    }

    private JsonNode echo(String text) {
        return mcp.post(
                        token,
                        session,
                        message("tools/call", Map.of("name", slug + "__echo", "arguments", Map.of("message", text))))
                .json();
    }

    private Map<String, Object> message(String method, Map<String, Object> params) {
        return Map.of("jsonrpc", "2.0", "id", ids++, "method", method, "params", params);
    }
}
