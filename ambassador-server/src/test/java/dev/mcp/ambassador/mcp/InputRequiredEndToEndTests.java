package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A 2026-07-28 client reaches a legacy stdio server's elicitation through an
 * {@code InputRequiredResult} round, and the round's {@code requestState} cannot be altered,
 * borrowed by another user, or used twice.
 */
class InputRequiredEndToEndTests extends SharedServerTests {

    private static final String MODERN = "2026-07-28";
    private static final Map<String, Object> ELICITED = Map.of("action", "accept", "content", Map.of("name", "Ada"));

    private TestHttp http;
    private TestAdmin admin;
    private String slug;
    private String token;

    @BeforeEach
    void publish() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
        slug = "rounds-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        admin.publishEverything(slug, user, List.of("*"), List.of(), "per_user");
        token = tokenOf(user);
    }

    @Test
    void inputRequiredWhenTheServerElicitsThenTheRetryWithTheAnswerCompletesTheCall() {
        JsonNode asked = call(token, Map.of()).json();

        JsonNode question = asked.get("result");
        assertThat(question.get("resultType").asString()).as(asked.toString()).isEqualTo("input_required");
        assertThat(question.at("/inputRequests/ambassador-input/method").asString())
                .isEqualTo("elicitation/create");
        String state = question.get("requestState").asString();

        JsonNode done = call(token, retry(state, ELICITED)).json();

        assertThat(done.at("/result/resultType").asString()).as(done.toString()).isEqualTo("complete");
        assertThat(done.get("id").asInt()).isEqualTo(12);
        assertThat(done.at("/result/content").toString()).contains("Ada");
    }

    @Test
    void requestStateWhenAlteredBorrowedOrReusedThenRefused() {
        String state = call(token, Map.of()).json().at("/result/requestState").asString();
        // A signature character in full: the last one carries bits the decoder ignores.
        int at = state.indexOf('.') + 1;
        String altered = state.substring(0, at) + (state.charAt(at) == 'A' ? 'B' : 'A') + state.substring(at + 1);
        String someoneElse = tokenOf(
                admin.createUser("rounds-other-" + UUID.randomUUID().toString().substring(0, 8)));

        assertThat(call(token, retry(altered, ELICITED))
                        .json()
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32602);
        assertThat(call(someoneElse, retry(state, ELICITED))
                        .json()
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32602);
        assertThat(call(token, retry(state, ELICITED))
                        .json()
                        .at("/result/resultType")
                        .asString())
                .as("the refused attempts did not use the round up")
                .isEqualTo("complete");
        assertThat(call(token, retry(state, ELICITED)).json().at("/error/code").asInt())
                .as("a round resumes once")
                .isEqualTo(-32602);
    }

    @Test
    void inputRequiredWhenTheClientLacksTheCapabilityThenTheServerIsToldSoAndNoRoundOpens() {
        JsonNode answer = call(token, Map.of(), Map.of()).json();

        assertThat(answer.at("/result/resultType").asString())
                .as(answer.toString())
                .isEqualTo("complete");
        assertThat(answer.at("/result/requestState").isMissingNode()).isTrue();
    }

    private static Map<String, Object> retry(String state, Map<String, Object> answer) {
        return Map.of("requestState", state, "inputResponses", Map.of("ambassador-input", answer));
    }

    private TestHttp.Reply call(String bearer, Map<String, Object> extra) {
        return call(bearer, extra, Map.of("elicitation", Map.of()));
    }

    private TestHttp.Reply call(String bearer, Map<String, Object> extra, Map<String, Object> capabilities) {
        String tool = slug + "__trigger-elicitation-request";
        Map<String, Object> params = new LinkedHashMap<>(Map.of("name", tool, "arguments", Map.of()));
        params.putAll(extra);
        params.put(
                "_meta",
                Map.of(
                        "io.modelcontextprotocol/protocolVersion", MODERN,
                        "io.modelcontextprotocol/clientCapabilities", capabilities));
        return http.send(
                "POST",
                "/mcp",
                Map.of("jsonrpc", "2.0", "id", 12, "method", "tools/call", "params", params),
                "Accept",
                TestMcp.ACCEPT,
                "Authorization",
                "Bearer " + bearer,
                "MCP-Protocol-Version",
                MODERN,
                "Mcp-Method",
                "tools/call",
                "Mcp-Name",
                tool);
    }

    private String tokenOf(UUID user) {
        return http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "rounds"))
                .json()
                .get("session_token")
                .asString();
    }
}
