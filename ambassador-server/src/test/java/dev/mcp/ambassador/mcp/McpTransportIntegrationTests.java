package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Streamable HTTP rules of {@code /mcp} that keep one user's sessions away from another's. */
class McpTransportIntegrationTests extends SharedServerTests {

    private static final String ACCEPT = "application/json, text/event-stream";
    private static final Map<String, Object> PING = Map.of("jsonrpc", "2.0", "id", 2, "method", "ping");

    private TestHttp http;
    private String token;

    @BeforeEach
    void register() {
        http = new TestHttp(port, DATA_DIR);
        token = tokenForNewUser(TestAdmin.signIn(http));
    }

    @Test
    void mcpSessionWhenUsedByAnotherUserThenNotFound() {
        String mine = initialize(token);
        String someoneElse = tokenForNewUser(TestAdmin.signIn(http));

        TestHttp.Reply reply = post(someoneElse, mine, PING);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(post(token, mine, PING).status()).as("still mine").isEqualTo(200);
    }

    @Test
    void mcpSessionWhenUnknownOrMissingThenNotFoundOrBadRequest() {
        assertThat(post(token, "not-a-session", PING).status()).isEqualTo(404);
        assertThat(post(token, null, PING).status()).isEqualTo(400);
    }

    @Test
    void mcpSessionWhenDeletedThenNotFoundAfterwards() {
        String session = initialize(token);

        assertThat(http.send("DELETE", "/mcp", null, "Authorization", "Bearer " + token, "Mcp-Session-Id", session)
                        .status())
                .isEqualTo(204);

        assertThat(post(token, session, PING).status()).isEqualTo(404);
    }

    @Test
    void originWhenForeignThenForbidden() {
        String session = initialize(token);

        TestHttp.Reply evil = http.send(
                "POST",
                "/mcp",
                PING,
                "Accept",
                ACCEPT,
                "Authorization",
                "Bearer " + token,
                "Mcp-Session-Id",
                session,
                "Origin",
                "https://evil.example");
        TestHttp.Reply own = http.send(
                "POST",
                "/mcp",
                PING,
                "Accept",
                ACCEPT,
                "Authorization",
                "Bearer " + token,
                "Mcp-Session-Id",
                session,
                "Origin",
                "https://localhost:" + port);

        assertThat(evil.status()).isEqualTo(403);
        assertThat(own.status()).isEqualTo(200);
    }

    @Test
    void protocolVersionWhenUnsupportedThenBadRequest() {
        String session = initialize(token);

        TestHttp.Reply reply = http.send(
                "POST",
                "/mcp",
                PING,
                "Accept",
                ACCEPT,
                "Authorization",
                "Bearer " + token,
                "Mcp-Session-Id",
                session,
                "MCP-Protocol-Version",
                "1999-01-01");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/error/message").asString()).contains("2025-11-25");
    }

    @Test
    void acceptWhenMissingEventStreamThenNotAcceptable() {
        String session = initialize(token);

        TestHttp.Reply reply = http.send(
                "POST",
                "/mcp",
                PING,
                "Accept",
                "application/json",
                "Authorization",
                "Bearer " + token,
                "Mcp-Session-Id",
                session);

        assertThat(reply.status()).isEqualTo(406);
    }

    @Test
    void initializeWhenClientAsksForAnOlderSupportedVersionThenThatVersionIsNegotiated() {
        TestHttp.Reply reply = post(token, null, TestMcp.initializeMessage("2025-03-26"));

        assertThat(reply.json().at("/result/protocolVersion").asString()).isEqualTo("2025-03-26");
    }

    @Test
    void notificationWhenPostedThenAcceptedWithoutBody() {
        String session = initialize(token);

        TestHttp.Reply reply = post(token, session, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));

        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void postWhenTheBodyIsOverTheLimitThenContentTooLargeBeforeParsing() {
        String session = initialize(token);
        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\""
                + "x".repeat(McpEndpoint.MAX_BODY_BYTES) + "\"}}";

        TestHttp.Reply reply = post(token, session, huge);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.json().at("/error/message").asString()).contains("larger than");
    }

    @Test
    void methodWhenUnknownThenMethodNotFound() {
        String session = initialize(token);

        TestHttp.Reply reply = post(token, session, Map.of("jsonrpc", "2.0", "id", 9, "method", "no/such-method"));

        assertThat(reply.json().at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(reply.json().at("/id").asInt()).isEqualTo(9);
    }

    private String tokenForNewUser(TestAdmin admin) {
        String key = admin.issuePresharedKey(
                admin.createUser("mcp-" + UUID.randomUUID().toString().substring(0, 8)));
        TestHttp.Reply reply =
                http.send("POST", "/v1/sessions/register", Map.of("preshared_key", key, "client_name", "transport"));
        assertThat(reply.status()).isEqualTo(201);
        return reply.json().get("session_token").asString();
    }

    private String initialize(String bearer) {
        return new TestMcp(http).initialize(bearer);
    }

    private TestHttp.Reply post(String bearer, String session, Object message) {
        return new TestMcp(http).post(bearer, session, message);
    }
}
