package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.DirectHttpServer;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A remote downstream over Streamable HTTP: server-everything listening on a loopback port
 * (allow-listed for the test server), brokered through the ambassador and compared with the same
 * server called directly. Also the SSRF guard at the catalog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteDownstreamEndToEndTests extends SharedServerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final AtomicInteger ids = new AtomicInteger(100);
    private DirectHttpServer remote;
    private TestHttp http;
    private TestAdmin admin;
    private TestMcp mcp;
    private String token;
    private String session;
    private String slug;

    @BeforeAll
    void start() {
        remote = DirectHttpServer.start();
        http = new TestHttp(port, DATA_DIR);
        mcp = new TestMcp(http);
        admin = TestAdmin.signIn(http);
        UUID user = admin.createUser("remote-" + UUID.randomUUID().toString().substring(0, 8));
        slug = "remote-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = admin.create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "http",
                        "url",
                        remote.url(),
                        "headers",
                        Map.of("X-Test-Token", "not-shown-anywhere"),
                        "status",
                        "published"));
        assertThat(created.get("header_names"))
                .containsExactly(JSON.getNodeFactory().stringNode("X-Test-Token"));
        assertThat(created.toString()).doesNotContain("not-shown-anywhere");
        admin.create(
                "/v1/admin/grants",
                Map.of(
                        "user_id",
                        user,
                        "server",
                        slug,
                        "allow",
                        List.of("*"),
                        "prompt_allow",
                        List.of("*"),
                        "resource_allow",
                        List.of("*")));
        TestHttp.Reply registration = http.send(
                "POST",
                "/v1/sessions/register",
                Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "remote"));
        token = registration.json().get("session_token").asString();
        session = mcp.initialize(token);
    }

    @AfterAll
    void stop() {
        if (remote != null) {
            remote.close();
        }
    }

    @Test
    void toolsListWhenRemoteServerIsGrantedThenItsToolsAreOfferedUnderItsSlug() {
        JsonNode tools = call("tools/list", Map.of()).at("/result/tools");

        assertThat(tools.valueStream().map(tool -> tool.get("name").asString()))
                .contains(slug + "__echo", slug + "__get-sum");
    }

    @Test
    void toolsCallWhenBrokeredToRemoteServerThenAnswerEqualsTheDirectAnswer() {
        Map<String, Object> arguments = Map.of("message", "over streamable http");
        JsonNode expected =
                remote.request("tools/call", JSON.valueToTree(Map.of("name", "echo", "arguments", arguments)));

        JsonNode actual = call("tools/call", Map.of("name", slug + "__echo", "arguments", arguments));

        assertThat(expected.get("result")).isNotNull();
        assertThat(actual.get("result")).isEqualTo(expected.get("result"));
        assertThat(actual.get("error")).isNull();
    }

    @Test
    void toolsCallWhenGetSumThenTheRemoteServerComputesIt() {
        JsonNode expected = remote.request(
                "tools/call", JSON.valueToTree(Map.of("name", "get-sum", "arguments", Map.of("a", 2, "b", 40))));

        JsonNode actual = call("tools/call", Map.of("name", slug + "__get-sum", "arguments", Map.of("a", 2, "b", 40)));

        assertThat(actual.get("result")).isEqualTo(expected.get("result"));
        assertThat(actual.at("/result/content/0/text").asString()).contains("42");
    }

    @Test
    void toolsCallWhenTheRemoteServerRestartedThenTheSessionIsOpenedAgainAndTheCallSucceeds() {
        JsonNode before = call("tools/call", Map.of("name", slug + "__echo", "arguments", Map.of("message", "before")));
        assertThat(before.at("/result/content/0/text").asString()).isEqualTo("Echo: before");

        remote.restart();
        JsonNode after = call("tools/call", Map.of("name", slug + "__echo", "arguments", Map.of("message", "after")));

        assertThat(after.get("error")).isNull();
        assertThat(after.at("/result/content/0/text").asString()).isEqualTo("Echo: after");
    }

    static List<Map<String, Object>> calls() {
        return List.of(
                Map.of("name", "echo", "arguments", Map.of("message", "fidelity")),
                Map.of("name", "get-tiny-image", "arguments", Map.of()),
                Map.of(
                        "name",
                        "get-annotated-message",
                        "arguments",
                        Map.of("messageType", "error", "includeImage", true)),
                Map.of("name", "get-resource-links", "arguments", Map.of("count", 3)),
                Map.of("name", "get-resource-reference", "arguments", Map.of("resourceType", "Blob", "resourceId", 2)),
                Map.of("name", "get-structured-content", "arguments", Map.of("location", "Chicago")),
                Map.of("name", "get-sum", "arguments", Map.of("a", "not a number")));
    }

    @ParameterizedTest
    @MethodSource("calls")
    void toolsCallWhenBrokeredToRemoteServerThenEveryFieldEqualsTheDirectAnswer(Map<String, Object> params) {
        JsonNode expected = remote.request("tools/call", JSON.valueToTree(params));

        Map<String, Object> brokered = new java.util.HashMap<>(params);
        brokered.put("name", slug + "__" + params.get("name"));
        JsonNode actual = call("tools/call", brokered);
        if (!actual.path("result").equals(expected.path("result"))) {
            // Some results name the second they were made: a direct call just after brackets it.
            expected = remote.request("tools/call", JSON.valueToTree(params));
        }

        assertThat(actual.get("result")).isEqualTo(expected.get("result"));
        assertThat(actual.get("error")).isEqualTo(expected.get("error"));
    }

    @Test
    void toolsCallWhenProgressIsAskedForThenTheRemoteServersProgressArrivesUnderTheClientsToken() {
        HttpClient client = http.clientBuilder().build();
        String message = "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"tools/call\",\"params\":{\"name\":\"" + slug
                + "__trigger-long-running-operation\",\"arguments\":{\"duration\":1,\"steps\":2},"
                + "\"_meta\":{\"progressToken\":\"remote-token\"}}}";

        try (TestEventStream stream = TestEventStream.open(
                client,
                TestEventStream.mcpRequest(http, token, session)
                        .header("Content-Type", "application/json")
                        .POST(TestEventStream.json(message))
                        .build())) {
            List<JsonNode> progress = new ArrayList<>();
            JsonNode next = stream.nextMessage(WAIT);
            while (next.has("method")) {
                if (next.path("method").asString().equals("notifications/progress")) {
                    progress.add(next.get("params"));
                }
                next = stream.nextMessage(WAIT);
            }

            assertThat(progress).hasSize(2).allSatisfy(p -> assertThat(
                            p.path("progressToken").asString())
                    .isEqualTo("remote-token"));
            assertThat(next.path("id").asInt()).isEqualTo(77);
        }
    }

    @Test
    void subscriptionWhenTheRemoteServerUpdatesTheResourceOnItsOwnStreamThenTheClientHearsOfIt() {
        String uri = "mcp-ambassador://" + slug + "/demo://resource/static/document/architecture.md";
        assertThat(call("resources/subscribe", Map.of("uri", uri)).has("result"))
                .isTrue();
        HttpClient client = http.clientBuilder().build();

        try (TestEventStream stream = TestEventStream.open(
                client, TestEventStream.mcpRequest(http, token, session).GET().build())) {
            stream.next(WAIT).orElseThrow();
            call("tools/call", Map.of("name", slug + "__toggle-subscriber-updates", "arguments", Map.of()));
            try {
                JsonNode update = stream.nextMessage(WAIT);
                while (!update.path("method").asString().equals("notifications/resources/updated")) {
                    update = stream.nextMessage(WAIT);
                }
                assertThat(update.at("/params/uri").asString()).isEqualTo(uri);
            } finally {
                call("tools/call", Map.of("name", slug + "__toggle-subscriber-updates", "arguments", Map.of()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/mcp", "https://169.254.169.254/latest/meta-data"})
    void createWhenUrlIsTheMetadataAddressThenRefusedAsLinkLocal(String url) {
        TestHttp.Reply reply = createRemote(url, Map.of());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo("url");
        assertThat(reply.json().at("/errors/0/message").asString())
                .contains("link-local address (169.254.169.254)")
                .contains("AMBASSADOR_DOWNSTREAM_ALLOWED_ADDRESSES");
    }

    @Test
    void createWhenUrlIsAPrivateAddressThenRefusedNamingIt() {
        TestHttp.Reply reply = createRemote("http://10.0.0.1/mcp", Map.of());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/message").asString()).contains("private address (10.0.0.1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/mcp", "/mcp", "127.0.0.1:8080/mcp", "https://metadata.google.internal/"})
    void createWhenUrlIsNotAnAcceptableAbsoluteUrlThenRefused(String url) {
        TestHttp.Reply reply = createRemote(url, Map.of());

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo("url");
    }

    @Test
    void createWhenHeaderIsOneTheAmbassadorSetsThenRefusedNamingTheField() {
        TestHttp.Reply reply = createRemote(remote.url(), Map.of("Mcp-Session-Id", "forged"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo("headers");
        assertThat(reply.body()).doesNotContain("forged");
    }

    @Test
    void createWhenHeaderValueBreaksTheLineThenRefusedWithoutEchoingIt() {
        TestHttp.Reply reply = createRemote(remote.url(), Map.of("X-Token", "secret\r\nX-Injected: 1"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).doesNotContain("secret");
    }

    @Test
    void createWhenHttpServerHasACommandThenRefused() {
        TestHttp.Reply reply = admin.call(
                "POST",
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        "both-" + suffix(),
                        "transport",
                        "http",
                        "url",
                        remote.url(),
                        "command",
                        List.of("node")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo("command");
    }

    @Test
    void patchWhenUrlMovesToAPrivateAddressThenRefusedAndTheEntryIsUnchanged() {
        String other = "patched-" + suffix();
        assertThat(createRemote(remote.url(), Map.of(), other).status()).isEqualTo(201);

        TestHttp.Reply refused =
                admin.call("PATCH", "/v1/admin/servers/" + other, Map.of("url", "https://192.168.0.10/"));
        TestHttp.Reply renamedHeader =
                admin.call("PATCH", "/v1/admin/servers/" + other, Map.of("headers", Map.of("X-Other", "value")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/errors/0/message").asString()).contains("private address (192.168.0.10)");
        assertThat(renamedHeader.status()).isEqualTo(200);
        assertThat(renamedHeader.json().get("url").asString()).isEqualTo(remote.url());
        assertThat(renamedHeader.json().get("header_names").get(0).asString()).isEqualTo("X-Other");
        admin.call("DELETE", "/v1/admin/servers/" + other, null);
    }

    private TestHttp.Reply createRemote(String url, Map<String, String> headers) {
        return createRemote(url, headers, "refused-" + suffix());
    }

    private TestHttp.Reply createRemote(String url, Map<String, String> headers, String slug) {
        return admin.call(
                "POST", "/v1/admin/servers", Map.of("slug", slug, "transport", "http", "url", url, "headers", headers));
    }

    private JsonNode call(String method, Map<String, Object> params) {
        TestHttp.Reply reply = mcp.post(
                token,
                session,
                Map.of("jsonrpc", "2.0", "id", ids.incrementAndGet(), "method", method, "params", params));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
