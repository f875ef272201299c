package dev.mcp.ambassador.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import dev.mcp.ambassador.support.TestServerSettings;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The JSON read limits of {@code /v1/**}: a body over any of them is a 400 problem that says which
 * limit and where, with no stack trace; a normal body is read as before, and {@code /mcp} keeps
 * the limits MCP needs. (Nesting: see {@link RequestJsonLimitsTests}; every {@code /v1} field is
 * typed, so deep input is refused as the wrong type before it reaches the limit.)
 */
class RequestJsonLimitsIntegrationTests extends SharedServerTests {

    @Test
    void loginWhenAStringIsLongerThanTheLimitThenTheProblemSaysSo() {
        TestHttp http = new TestHttp(port, DATA_DIR);

        TestHttp.Reply reply = http.send(
                "POST", "/v1/auth/login", "{\"username\":\"admin\",\"password\":\"" + "p".repeat(40_000) + "\"}");

        assertLimit(reply, "password", "has a string longer than 32768 characters");
    }

    @Test
    void loginWhenAFieldNameIsLongerThanTheLimitThenTheProblemSaysSo() {
        TestHttp http = new TestHttp(port, DATA_DIR);

        TestHttp.Reply reply =
                http.send("POST", "/v1/auth/login", "{\"" + "n".repeat(300) + "\":\"x\",\"username\":\"admin\"}");

        assertLimit(reply, "body", "has a field name longer than 256 characters");
    }

    @Test
    void createServerWhenANumberIsLongerThanTheLimitThenTheProblemSaysSo() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));

        TestHttp.Reply reply = admin.call(
                "POST",
                "/v1/admin/servers",
                "{\"slug\":\"long-number\",\"transport\":\"stdio\",\"command\":[\"node\"],"
                        + "\"call_timeout_seconds\":" + "9".repeat(40) + "}");

        // Numbers are measured as they are read, before any field is known.
        assertLimit(reply, "body", "has a number longer than 32 characters");
    }

    @Test
    void loginWhenTheBodyIsWithinEveryLimitThenReadAsUsual() {
        TestHttp http = new TestHttp(port, DATA_DIR);

        TestHttp.Reply reply = http.send(
                "POST",
                "/v1/auth/login",
                "{\"username\":\"" + TestServerSettings.ADMIN_USERNAME + "\",\"password\":\""
                        + TestServerSettings.ADMIN_PASSWORD + "\"}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void mcpWhenAMessageNestsDeeperAndCarriesLongerStringsThanTheRestApiTakesThenItIsStillRead() {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        String key = admin.issuePresharedKey(
                admin.createUser("limits-" + UUID.randomUUID().toString().substring(0, 8)));
        TestHttp.Reply registered =
                http.send("POST", "/v1/sessions/register", Map.of("preshared_key", key, "client_name", "limits"));
        String token = registered.json().get("session_token").asString();
        TestMcp mcp = new TestMcp(http);
        String session = mcp.initialize(token);

        TestHttp.Reply reply = mcp.post(
                token,
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\",\"params\":{\"_meta\":{\"deep\":" + "[".repeat(40)
                        + "]".repeat(40) + ",\"long\":\"" + "l".repeat(40_000) + "\"}}}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("result")).as(reply.body()).isNotNull();
    }

    private static void assertLimit(TestHttp.Reply reply, String field, String message) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.body()).doesNotContain("StreamReadConstraints", "Exception", "\tat ");
        JsonNode problem = reply.json();
        assertThat(problem.get("detail").asString()).isEqualTo("The request body " + message + ".");
        assertThat(problem.at("/errors/0/field").asString()).isEqualTo(field);
        assertThat(problem.at("/errors/0/message").asString()).isEqualTo(message);
    }
}
