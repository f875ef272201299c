package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.DirectStdioServer;
import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a client gets through the ambassador is exactly what the downstream sent: each result,
 * field for field, equals the one the same server gives when called directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LosslessRelayEndToEndTests extends SharedServerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private DirectStdioServer direct;

    private TestHttp http;
    private TestMcp mcp;
    private String token;
    private String session;
    private String slug;

    @AfterAll
    void stopDirect() {
        direct.close();
    }

    // Once for all tests: one direct server, one brokered one, one client session.
    @BeforeAll
    void start() {
        direct = new DirectStdioServer(List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"));
        http = new TestHttp(port, DATA_DIR);
        mcp = new TestMcp(http);
        TestAdmin admin = TestAdmin.signIn(http);
        UUID user = admin.createUser("lossless-" + UUID.randomUUID().toString().substring(0, 8));
        slug = "lossless-" + UUID.randomUUID().toString().substring(0, 8);
        admin.publishEverything(slug, user, List.of("*"), List.of());
        TestHttp.Reply registration = http.send(
                "POST",
                "/v1/sessions/register",
                Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "lossless"));
        token = registration.json().get("session_token").asString();
        session = mcp.initialize(token);
    }

    static List<Arguments> calls() {
        return List.of(
                new Arguments("echo", Map.of("message", "fidelity")),
                new Arguments("get-sum", Map.of("a", 2, "b", 40)),
                new Arguments("get-tiny-image", Map.of()),
                new Arguments("get-annotated-message", Map.of("messageType", "error", "includeImage", true)),
                new Arguments("get-resource-links", Map.of("count", 3)),
                new Arguments("get-resource-reference", Map.of("resourceType", "Blob", "resourceId", 2)),
                new Arguments("get-structured-content", Map.of("location", "Chicago")),
                new Arguments("get-sum", Map.of("a", "not a number")));
    }

    record Arguments(String tool, Map<String, Object> arguments) {
        @Override
        public String toString() {
            return tool + " " + arguments;
        }
    }

    @ParameterizedTest
    @MethodSource("calls")
    void toolsCallWhenBrokeredThenAnswerEqualsTheDirectAnswer(Arguments call) {
        JsonNode expected = direct.request(
                "tools/call", JSON.valueToTree(Map.of("name", call.tool(), "arguments", call.arguments())));

        JsonNode actual = mcp.post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                5,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", slug + "__" + call.tool(), "arguments", call.arguments())))
                .json();

        assertThat(expected.has("result") || expected.has("error")).isTrue();
        if (!answerOf(actual).equals(answerOf(expected))) {
            // Some results name the second they were made (get-resource-reference's blob): a direct
            // call just after the brokered one brackets it, so one of the two must match exactly.
            expected = direct.request(
                    "tools/call", JSON.valueToTree(Map.of("name", call.tool(), "arguments", call.arguments())));
        }
        assertThat(answerOf(actual)).isEqualTo(answerOf(expected));
    }

    /** A response's result or error, without its id. */
    static JsonNode answerOf(JsonNode response) {
        ObjectNode answer = JSON.createObjectNode();
        answer.set("result", response.get("result"));
        answer.set("error", response.get("error"));
        return answer;
    }

    @Test
    void resourcesWhenBrokeredThenListedAndReadLikeDirectlyWithPrefixedUris() {
        String prefix = "mcp-ambassador://" + slug + "/";
        JsonNode expected =
                direct.request("resources/list", JSON.createObjectNode()).at("/result/resources");

        List<JsonNode> ours = mcp.post(token, session, Map.of("jsonrpc", "2.0", "id", 10, "method", "resources/list"))
                .json()
                .at("/result/resources")
                .valueStream()
                .filter(resource -> resource.get("uri").asString().startsWith(prefix))
                .map(resource -> withField(
                        resource, "uri", resource.get("uri").asString().substring(prefix.length())))
                .toList();
        assertThat(expected.size()).isPositive();
        assertThat(ours)
                .containsExactlyInAnyOrderElementsOf(expected.valueStream().toList());

        String uri = expected.get(0).get("uri").asString();
        JsonNode directRead = direct.request("resources/read", JSON.valueToTree(Map.of("uri", uri)))
                .get("result");
        JsonNode brokeredRead = mcp.post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                11,
                                "method",
                                "resources/read",
                                "params",
                                Map.of("uri", prefix + uri)))
                .json()
                .get("result");
        assertThat(brokeredRead.get("contents").get(0).get("uri").asString()).isEqualTo(prefix + uri);
        assertThat(withField(brokeredRead.get("contents").get(0), "uri", uri))
                .isEqualTo(directRead.get("contents").get(0));
    }

    @Test
    void promptsWhenBrokeredThenListedWithMappedNamesAndAnsweredLikeDirectly() {
        JsonNode expected =
                direct.request("prompts/list", JSON.createObjectNode()).at("/result/prompts");

        List<JsonNode> ours = mcp.post(token, session, Map.of("jsonrpc", "2.0", "id", 12, "method", "prompts/list"))
                .json()
                .at("/result/prompts")
                .valueStream()
                .filter(prompt -> prompt.get("name").asString().startsWith(slug + "__"))
                .map(prompt ->
                        withField(prompt, "name", prompt.get("name").asString().substring(slug.length() + 2)))
                .toList();
        assertThat(ours)
                .containsExactlyInAnyOrderElementsOf(expected.valueStream().toList());

        JsonNode simple = expected.valueStream()
                .filter(prompt ->
                        !prompt.has("arguments") || prompt.get("arguments").isEmpty())
                .findFirst()
                .orElseThrow();
        String name = simple.get("name").asString();
        JsonNode directGet = direct.request("prompts/get", JSON.valueToTree(Map.of("name", name)));
        JsonNode brokeredGet = mcp.post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                13,
                                "method",
                                "prompts/get",
                                "params",
                                Map.of("name", slug + "__" + name)))
                .json();
        assertThat(brokeredGet.get("result")).isEqualTo(directGet.get("result"));
    }

    private static JsonNode withField(JsonNode node, String field, String value) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.put(field, value);
        return copy;
    }

    @Test
    void toolsListWhenBrokeredThenEveryDefinitionEqualsTheDirectOneButForItsName() {
        JsonNode expected =
                direct.request("tools/list", JSON.createObjectNode()).at("/result/tools");

        JsonNode listed = mcp.post(token, session, Map.of("jsonrpc", "2.0", "id", 6, "method", "tools/list"))
                .json()
                .at("/result/tools");

        List<JsonNode> ours = listed.valueStream()
                .filter(tool -> tool.get("name").asString().startsWith(slug + "__"))
                .map(tool -> {
                    ObjectNode copy = (ObjectNode) tool.deepCopy();
                    copy.put("name", tool.get("name").asString().substring(slug.length() + 2));
                    return (JsonNode) copy;
                })
                .toList();
        assertThat(ours)
                .containsExactlyInAnyOrderElementsOf(expected.valueStream().toList());
    }
}
