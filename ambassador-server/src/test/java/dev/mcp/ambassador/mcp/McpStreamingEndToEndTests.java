package dev.mcp.ambassador.mcp;

import static dev.mcp.ambassador.support.TestEventStream.json;
import static dev.mcp.ambassador.support.TestEventStream.mcpRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestEventStream;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reaches a client between its request and the answer, through the ambassador and a real
 * server-everything: progress, the server's own requests (sampling, elicitation) and their answers
 * going back, cancellation, list changes on the GET stream, and resuming a dropped stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class McpStreamingEndToEndTests extends SharedServerTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestHttp http;
    private HttpClient client;
    private TestAdmin admin;
    private UUID user;
    private String slug;
    private String ownSlug;
    private String token;

    @BeforeAll
    void start() {
        http = new TestHttp(port, DATA_DIR);
        client = http.clientBuilder().build();
        admin = TestAdmin.signIn(http);
        user = admin.createUser("streams-" + UUID.randomUUID().toString().substring(0, 8));
        slug = "streams-" + UUID.randomUUID().toString().substring(0, 8);
        admin.publishEverything(slug, user, List.of("*"), List.of());
        // Servers that ask their client questions run per user: a shared process cannot say whose.
        ownSlug = "own-" + UUID.randomUUID().toString().substring(0, 8);
        admin.publishEverything(ownSlug, user, List.of("*"), List.of(), "per_user");
        token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "streams"))
                .json()
                .get("session_token")
                .asString();
    }

    @Test
    void toolsCallWhenProgressIsAskedForThenItArrivesBeforeTheResultUnderTheClientsToken() {
        String session = initialize();

        try (TestEventStream stream =
                post(session, call(7, "trigger-long-running-operation", "{\"duration\":1,\"steps\":3}", "my-token"))) {
            assertThat(stream.isEventStream()).isTrue();
            TestEventStream.Event priming = stream.next(WAIT).orElseThrow();
            assertThat(priming.priming()).isTrue();
            assertThat(priming.retry()).isPositive();

            List<JsonNode> progress = new ArrayList<>();
            JsonNode message = stream.nextMessage(WAIT);
            while (message.has("method")) {
                // The server may log along the way; only progress is counted.
                if (message.path("method").asString().equals("notifications/progress")) {
                    progress.add(message.path("params"));
                }
                message = stream.nextMessage(WAIT);
            }

            assertThat(progress).hasSize(3);
            assertThat(progress)
                    .allSatisfy(
                            p -> assertThat(p.path("progressToken").asString()).isEqualTo("my-token"));
            assertThat(progress.stream().map(p -> p.path("progress").asInt())).containsExactly(1, 2, 3);
            assertThat(message.path("id").asInt()).isEqualTo(7);
            assertThat(message.at("/result/content/0/text").asString()).contains("Long running operation completed");
        }
    }

    @Test
    void samplingWhenTheServerAsksThenTheClientIsAskedAndItsAnswerGoesBack() {
        String session = initialize();

        try (TestEventStream stream = post(
                session,
                call(ownSlug, 8, "trigger-sampling-request", "{\"prompt\":\"Say hi\",\"maxTokens\":10}", null))) {
            JsonNode ask = stream.nextMessage(WAIT);
            assertThat(ask.path("method").asString()).isEqualTo("sampling/createMessage");
            assertThat(ask.at("/params/messages/0/content/text").asString()).contains("Say hi");

            TestHttp.Reply answered = answer(
                    session,
                    ask.get("id"),
                    "{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"hello from the client\"},"
                            + "\"model\":\"test-model\",\"stopReason\":\"endTurn\"}");
            assertThat(answered.status()).isEqualTo(202);

            JsonNode result = stream.nextMessage(WAIT);
            assertThat(result.path("id").asInt()).isEqualTo(8);
            assertThat(result.at("/result/content/0/text").asString())
                    .contains("hello from the client")
                    .contains("test-model");
        }
    }

    @Test
    void elicitationWhenTheServerAsksThenTheClientIsAskedAndItsAnswerGoesBack() {
        String session = initialize();

        try (TestEventStream stream = post(session, call(ownSlug, 9, "trigger-elicitation-request", "{}", null))) {
            JsonNode ask = stream.nextMessage(WAIT);
            assertThat(ask.path("method").asString()).isEqualTo("elicitation/create");
            assertThat(ask.at("/params/requestedSchema/required/0").asString()).isEqualTo("name");

            answer(session, ask.get("id"), "{\"action\":\"accept\",\"content\":{\"name\":\"Ada Lovelace\"}}");

            JsonNode result = stream.nextMessage(WAIT);
            assertThat(result.at("/result/content/1/text").asString()).contains("- Name: Ada Lovelace");
        }
    }

    @Test
    void samplingWhenTheClientLacksTheCapabilityThenTheServerIsToldAndTheCallStillEnds() {
        String session = initialize("{}");

        JsonNode reply = answerTo(
                session,
                call(ownSlug, 10, "trigger-sampling-request", "{\"prompt\":\"Say hi\",\"maxTokens\":10}", null));

        assertThat(reply.path("id").asInt()).isEqualTo(10);
        assertThat(reply.toString()).contains("does not support sampling/createMessage");
    }

    @Test
    void samplingWhenTheServerIsSharedThenNoClientIsAskedAndTheServerIsToldWhy() {
        String session = initialize();

        try (TestEventStream stream =
                post(session, call(21, "trigger-sampling-request", "{\"prompt\":\"Say hi\",\"maxTokens\":10}", null))) {
            JsonNode message = stream.isEventStream() ? stream.nextMessage(WAIT) : JSON.readTree(stream.body(WAIT));
            while (message.has("method")) {
                assertThat(message.path("method").asString()).isNotEqualTo("sampling/createMessage");
                message = stream.nextMessage(WAIT);
            }
            assertThat(message.path("id").asInt()).isEqualTo(21);
            assertThat(message.toString()).contains("shared by all its users").contains("per_user");
        }
    }

    @Test
    void cancelWhenTheClientCancelsThenTheCallEndsAtOnce() {
        String session = initialize();

        try (TestEventStream stream =
                post(session, call(11, "trigger-long-running-operation", "{\"duration\":60,\"steps\":60}", "t"))) {
            JsonNode first = stream.nextMessage(WAIT);
            while (!first.path("method").asString().equals("notifications/progress")) {
                first = stream.nextMessage(WAIT);
            }

            TestHttp.Reply cancelled = new TestMcp(http)
                    .post(
                            token,
                            session,
                            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":11}}");
            assertThat(cancelled.status()).isEqualTo(202);

            JsonNode message = stream.nextMessage(WAIT);
            while (message.has("method")) {
                message = stream.nextMessage(WAIT);
            }
            assertThat(message.path("id").asInt()).isEqualTo(11);
            assertThat(message.at("/error/message").asString()).contains("cancelled");
        }
    }

    @Test
    void streamWhenDroppedThenLastEventIdResumesItWithoutLossOrRepeats() {
        String session = initialize();
        String lastSeen;
        int lastProgress;
        try (TestEventStream stream =
                post(session, call(12, "trigger-long-running-operation", "{\"duration\":2,\"steps\":4}", "r"))) {
            stream.next(WAIT).orElseThrow(); // priming
            TestEventStream.Event first = stream.next(WAIT).orElseThrow();
            while (!first.json().path("method").asString().equals("notifications/progress")) {
                first = stream.next(WAIT).orElseThrow();
            }
            lastSeen = first.id();
            lastProgress = first.json().at("/params/progress").asInt();
        }

        try (TestEventStream resumed = TestEventStream.open(
                client,
                mcpRequest(http, token, session)
                        .header("Last-Event-ID", lastSeen)
                        .GET()
                        .build())) {
            assertThat(resumed.isEventStream()).isTrue();
            List<JsonNode> messages = resumed.rest(WAIT).stream()
                    .filter(event -> !event.priming())
                    .map(TestEventStream.Event::json)
                    .toList();

            List<Integer> progress = messages.stream()
                    .filter(m -> m.has("method"))
                    .map(m -> m.at("/params/progress").asInt())
                    .toList();
            assertThat(progress).isNotEmpty().allSatisfy(p -> assertThat(p).isGreaterThan(lastProgress));
            assertThat(progress).doesNotHaveDuplicates();
            assertThat(messages.getLast().path("id").asInt()).isEqualTo(12);
            assertThat(messages.getLast().has("result")).isTrue();
        }
    }

    @Test
    void getStreamWhenAGrantChangesThenToolsListChangedArrives() {
        String session = initialize();
        try (TestEventStream stream = TestEventStream.open(
                client, mcpRequest(http, token, session).GET().build())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.next(WAIT).orElseThrow().priming()).isTrue();

            admin.create("/v1/admin/grants", Map.of("user_id", user, "server", slug, "allow", List.of("echo")));

            List<String> methods = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                methods.add(stream.nextMessage(WAIT).path("method").asString());
            }
            assertThat(methods).contains("notifications/tools/list_changed");
        }
    }

    @Test
    void getStreamWhenTheSessionIsDeletedThenItEnds() {
        String session = initialize();
        try (TestEventStream stream = TestEventStream.open(
                client, mcpRequest(http, token, session).GET().build())) {
            stream.next(WAIT).orElseThrow();

            assertThat(http.send("DELETE", "/mcp", null, "Authorization", "Bearer " + token, "Mcp-Session-Id", session)
                            .status())
                    .isEqualTo(204);

            assertThat(stream.rest(WAIT)).isEmpty();
        }
    }

    @Test
    void getWhenAcceptLacksEventStreamThenNotAcceptable() {
        String session = initialize();

        TestHttp.Reply reply = http.send(
                "GET",
                "/mcp",
                null,
                "Accept",
                "application/json",
                "Authorization",
                "Bearer " + token,
                "Mcp-Session-Id",
                session);

        assertThat(reply.status()).isEqualTo(406);
    }

    @Test
    void completionWhenAskedForAPromptArgumentThenTheServersValuesComeBack() {
        String session = initialize();

        JsonNode reply = answerTo(
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":13,\"method\":\"completion/complete\",\"params\":{\"ref\":"
                        + "{\"type\":\"ref/prompt\",\"name\":\"" + slug + "__completable-prompt\"},"
                        + "\"argument\":{\"name\":\"department\",\"value\":\"Eng\"}}}");

        assertThat(reply.at("/result/completion/values/0").asString()).isEqualTo("Engineering");
    }

    @Test
    void setLevelWhenValidThenAcceptedAndWhenUnknownThenInvalidParams() {
        String session = initialize();
        JsonNode valid = answerTo(
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":14,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"warning\"}}");
        JsonNode unknown = answerTo(
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":15,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}}");

        assertThat(valid.get("result").isObject()).isTrue();
        assertThat(unknown.at("/error/code").asInt()).isEqualTo(-32602);
    }

    @Test
    void subscribeWhenTheResourceIsMappedThenTheServerAcceptsIt() {
        String session = initialize();
        String uri = ResourceAndPromptRelay.URI_PREFIX + slug + "/demo://resource/static/document/architecture.md";

        JsonNode subscribed = answerTo(
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":16,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"" + uri
                        + "\"}}");
        JsonNode unsubscribed = answerTo(
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"resources/unsubscribe\",\"params\":{\"uri\":\"" + uri
                        + "\"}}");

        assertThat(subscribed.has("result")).as(subscribed.toString()).isTrue();
        assertThat(unsubscribed.has("result")).as(unsubscribed.toString()).isTrue();
    }

    @Test
    void subscriptionWhenTheServerUpdatesTheResourceThenTheClientHearsOfItUnderItsOwnUri() {
        String session = initialize();
        String uri = ResourceAndPromptRelay.URI_PREFIX + slug + "/demo://resource/static/document/features.md";
        JsonNode subscribed = answerTo(
                session,
                "{\"jsonrpc\":\"2.0\",\"id\":18,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"" + uri
                        + "\"}}");
        assertThat(subscribed.has("result")).as(subscribed.toString()).isTrue();

        try (TestEventStream stream = TestEventStream.open(
                client, mcpRequest(http, token, session).GET().build())) {
            stream.next(WAIT).orElseThrow();
            answerTo(session, call(19, "toggle-subscriber-updates", "{}", null));
            try {
                JsonNode update = stream.nextMessage(WAIT);
                while (!update.path("method").asString().equals("notifications/resources/updated")) {
                    update = stream.nextMessage(WAIT);
                }
                assertThat(update.at("/params/uri").asString()).isEqualTo(uri);
            } finally {
                answerTo(session, call(20, "toggle-subscriber-updates", "{}", null));
            }
        }
    }

    private String initialize() {
        return initialize("{\"sampling\":{},\"elicitation\":{},\"roots\":{\"listChanged\":true}}");
    }

    private String initialize(String capabilities) {
        TestHttp.Reply reply = new TestMcp(http)
                .post(
                        token,
                        null,
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                                + "\"2025-11-25\",\"capabilities\":" + capabilities
                                + ",\"clientInfo\":{\"name\":\"streams\",\"version\":\"1\"}}}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.header("Mcp-Session-Id");
    }

    private String call(int id, String tool, String arguments, String progressToken) {
        return call(slug, id, tool, arguments, progressToken);
    }

    private String call(String server, int id, String tool, String arguments, String progressToken) {
        String meta = progressToken == null ? "" : ",\"_meta\":{\"progressToken\":\"" + progressToken + "\"}";
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + server
                + "__" + tool + "\",\"arguments\":" + arguments + meta + "}}";
    }

    private TestEventStream post(String session, String message) {
        return TestEventStream.open(
                client,
                mcpRequest(http, token, session)
                        .header("Content-Type", "application/json")
                        .POST(json(message))
                        .build());
    }

    /** The answer to one request, whether it comes as JSON or at the end of an event stream. */
    private JsonNode answerTo(String session, String message) {
        try (TestEventStream stream = post(session, message)) {
            if (!stream.isEventStream()) {
                return JSON.readTree(stream.body(WAIT));
            }
            JsonNode next = stream.nextMessage(WAIT);
            while (next.has("method")) {
                next = stream.nextMessage(WAIT);
            }
            return next;
        }
    }

    private TestHttp.Reply answer(String session, JsonNode id, String result) {
        return new TestMcp(http)
                .post(token, session, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}");
    }
}
