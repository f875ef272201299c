package dev.mcp.ambassador.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Every way a session token stops working, each checked on both {@code /mcp} and the heartbeat,
 * against the real server and PostgreSQL.
 */
class SessionLifecycleIntegrationTests extends SharedServerTests {

    private static final String ACCEPT = "application/json, text/event-stream";

    @Autowired
    SessionTokens tokens;

    private TestHttp http;
    private TestAdmin admin;
    private UUID user;
    private String presharedKey;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
        user = admin.createUser("dev-" + UUID.randomUUID().toString().substring(0, 8));
        presharedKey = admin.issuePresharedKey(user);
    }

    @Test
    void tokenWhenFreshThenAcceptedOnMcpAndHeartbeat() {
        String token = register(presharedKey).get("session_token").asString();

        assertThat(ping(token)).isEqualTo(200);
        assertThat(heartbeat(token).status()).isEqualTo(200);
    }

    @Test
    void tokenWhenTamperedThenUnauthorized() {
        String token = register(presharedKey).get("session_token").asString();
        int at = "amb_st_".length() + 30;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);

        assertRefusedEverywhere(tampered);
    }

    @Test
    void tokenWhenExpiredThenUnauthorized() {
        JsonNode registration = register(presharedKey);
        SessionClaims live = claimsOf(registration);
        Instant past = Instant.now().minusSeconds(5);
        String expired = tokens.issue(
                new SessionClaims(live.sessionId(), live.userId(), live.presharedKeyId(), past.minusSeconds(60), past));

        assertRefusedEverywhere(expired);
    }

    @Test
    void tokenWhenExpiryLiesBeyondTheMaximumLifetimeThenUnauthorized() {
        SessionClaims live = claimsOf(register(presharedKey));
        Instant issued = Instant.now().minusSeconds(60);
        String overlong = tokens.issue(new SessionClaims(
                live.sessionId(),
                live.userId(),
                live.presharedKeyId(),
                issued,
                issued.plus(java.time.Duration.ofDays(30))));

        assertRefusedEverywhere(overlong);
    }

    @Test
    void tokenWhenIssuedInTheFutureThenUnauthorized() {
        SessionClaims live = claimsOf(register(presharedKey));
        Instant issued = Instant.now().plus(java.time.Duration.ofDays(1));
        String fromTheFuture = tokens.issue(new SessionClaims(
                live.sessionId(), live.userId(), live.presharedKeyId(), issued, issued.plusSeconds(3600)));

        assertRefusedEverywhere(fromTheFuture);
    }

    @Test
    void tokenWhenSignedWithARetiredKeyThenUnauthorized() {
        String kept = register(presharedKey).get("session_token").asString();
        assertThat(admin.call("POST", "/v1/admin/session-keys/rotate", Map.of("retire_previous", false))
                        .status())
                .isEqualTo(204);
        assertThat(ping(kept)).as("a rotation alone keeps older tokens valid").isEqualTo(200);
        String fresh = register(presharedKey).get("session_token").asString();

        assertThat(admin.call("POST", "/v1/admin/session-keys/rotate", Map.of("retire_previous", true))
                        .status())
                .isEqualTo(204);

        assertRefusedEverywhere(kept);
        assertRefusedEverywhere(fresh);
        assertThat(ping(register(presharedKey).get("session_token").asString())).isEqualTo(200);
    }

    @Test
    void keyWhenRevokedThenLiveMcpSessionEndsOnItsNextRequest() {
        String token = register(presharedKey).get("session_token").asString();
        String mcpSession = initialize(token);
        assertThat(mcp(token, mcpSession, Map.of("jsonrpc", "2.0", "id", 2, "method", "ping"))
                        .status())
                .isEqualTo(200);
        String keyId = admin.call("GET", "/v1/admin/preshared-keys?user_id=" + user, null)
                .json()
                .get(0)
                .get("id")
                .asString();

        assertThat(admin.call("DELETE", "/v1/admin/preshared-keys/" + keyId, null)
                        .status())
                .isEqualTo(204);

        assertThat(mcp(token, mcpSession, Map.of("jsonrpc", "2.0", "id", 3, "method", "ping"))
                        .status())
                .isEqualTo(401);
        assertRefusedEverywhere(token);
        assertThat(registerStatus(presharedKey))
                .as("a revoked key cannot register again")
                .isEqualTo(401);
    }

    @Test
    void userWhenSuspendedThenTokensRefusedAndRegistrationFails() {
        String token = register(presharedKey).get("session_token").asString();

        assertThat(admin.call("PATCH", "/v1/admin/users/" + user, Map.of("status", "suspended"))
                        .status())
                .isEqualTo(200);

        assertRefusedEverywhere(token);
        assertThat(registerStatus(presharedKey)).isEqualTo(401);
    }

    @Test
    void userWhenDeletedThenTokensRefused() {
        String token = register(presharedKey).get("session_token").asString();

        assertThat(admin.call("DELETE", "/v1/admin/users/" + user, null).status())
                .isEqualTo(204);

        assertRefusedEverywhere(token);
    }

    @Test
    void sessionWhenEndedByClientThenUnauthorized() {
        String token = register(presharedKey).get("session_token").asString();

        assertThat(http.send("DELETE", "/v1/sessions/current", null, "Authorization", "Bearer " + token)
                        .status())
                .isEqualTo(204);

        assertRefusedEverywhere(token);
    }

    @Test
    void sessionWhenRevokedByAdminThenUnauthorized() {
        JsonNode registration = register(presharedKey);
        String token = registration.get("session_token").asString();
        String sessionId = registration.get("session_id").asString();
        assertThat(admin.call("GET", "/v1/admin/sessions", null).json().findValuesAsString("id"))
                .contains(sessionId);

        assertThat(admin.call("DELETE", "/v1/admin/sessions/" + sessionId, null).status())
                .isEqualTo(204);

        assertRefusedEverywhere(token);
        assertThat(admin.call("GET", "/v1/admin/sessions", null).json().findValuesAsString("id"))
                .doesNotContain(sessionId);
    }

    @Test
    void heartbeatWhenSessionLiveThenReturnsANewTokenThatWorks() {
        JsonNode registration = register(presharedKey);

        TestHttp.Reply beat = heartbeat(registration.get("session_token").asString());

        assertThat(beat.status()).isEqualTo(200);
        String renewed = beat.json().get("session_token").asString();
        assertThat(renewed).startsWith("amb_st_");
        assertThat(Instant.parse(beat.json().get("expires_at").asString()))
                .isAfterOrEqualTo(Instant.parse(registration.get("expires_at").asString()));
        assertThat(ping(renewed)).isEqualTo(200);
    }

    @Test
    void keyWhenScopedThenOnlyItsToolsAreListedAndCallable() {
        String slug = "scoped-" + UUID.randomUUID().toString().substring(0, 8);
        admin.publishEverything(slug, user, List.of("*"), List.of());
        String scopedKey = admin.create(
                        "/v1/admin/preshared-keys",
                        Map.of(
                                "user_id",
                                user,
                                "name",
                                "ci runner",
                                "scopes",
                                List.of(Map.of("server", slug, "allow", List.of("echo")))))
                .get("preshared_key")
                .asString();
        String token = register(scopedKey).get("session_token").asString();
        String mcpSession = initialize(token);

        JsonNode listed = mcp(token, mcpSession, Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/list"))
                .json();
        JsonNode refused = mcp(
                        token,
                        mcpSession,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                3,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", slug + "__get-sum", "arguments", Map.of("a", 1, "b", 2))))
                .json();

        assertThat(listed.at("/result/tools").findValuesAsString("name")).containsExactly(slug + "__echo");
        assertThat(refused.at("/error/data/refused_by").asString()).isEqualTo("rbac");
    }

    private void assertRefusedEverywhere(String token) {
        assertThat(ping(token)).as("/mcp").isEqualTo(401);
        TestHttp.Reply beat = heartbeat(token);
        assertThat(beat.status()).as("heartbeat").isEqualTo(401);
        assertThat(beat.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private JsonNode register(String key) {
        TestHttp.Reply reply = http.send(
                "POST", "/v1/sessions/register", Map.of("preshared_key", key, "client_name", "lifecycle test"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    private int registerStatus(String key) {
        return http.send("POST", "/v1/sessions/register", Map.of("preshared_key", key, "client_name", "lifecycle test"))
                .status();
    }

    private SessionClaims claimsOf(JsonNode registration) {
        try {
            return tokens.verify(registration.get("session_token").asString());
        } catch (SessionTokenException e) {
            throw new AssertionError(e);
        }
    }

    private TestHttp.Reply heartbeat(String token) {
        return http.send("POST", "/v1/sessions/heartbeat", null, "Authorization", "Bearer " + token);
    }

    private int ping(String token) {
        TestHttp.Reply initialized = mcp(token, null, initializeMessage());
        if (initialized.status() != 200) {
            return initialized.status();
        }
        return mcp(token, initialized.header("Mcp-Session-Id"), Map.of("jsonrpc", "2.0", "id", 2, "method", "ping"))
                .status();
    }

    private String initialize(String token) {
        return new TestMcp(http).initialize(token);
    }

    private static Map<String, Object> initializeMessage() {
        return TestMcp.initializeMessage("2025-11-25");
    }

    private TestHttp.Reply mcp(String token, String mcpSession, Object message) {
        return new TestMcp(http).post(token, mcpSession, message);
    }
}
