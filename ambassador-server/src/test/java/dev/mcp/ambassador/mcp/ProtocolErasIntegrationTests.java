package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Both protocol eras on one {@code /mcp}: how each is recognised, and how each is refused. */
class ProtocolErasIntegrationTests extends SharedServerTests {

    private static final String MODERN = "2026-07-28";

    private TestHttp http;
    private TestAdmin admin;
    private UUID user;
    private String token;

    @BeforeEach
    void register() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
        user = admin.createUser("eras-" + UUID.randomUUID().toString().substring(0, 8));
        TestHttp.Reply reply = http.send(
                "POST",
                "/v1/sessions/register",
                Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "eras"));
        token = reply.json().get("session_token").asString();
    }

    @Test
    void unsupportedVersionWhenLegacyRequestThenBadRequestWithTheSupportedVersions() {
        String session = new TestMcp(http).initialize(token);

        TestHttp.Reply reply = http.send(
                "POST",
                "/mcp",
                Map.of("jsonrpc", "2.0", "id", 2, "method", "ping"),
                "Accept",
                TestMcp.ACCEPT,
                "Authorization",
                "Bearer " + token,
                "Mcp-Session-Id",
                session,
                "MCP-Protocol-Version",
                "1999-01-01");

        assertUnsupported(reply, "1999-01-01");
    }

    @Test
    void unsupportedVersionWhenModernRequestThenBadRequestWithTheSupportedVersions() {
        TestHttp.Reply reply = modern("tools/list", Map.of(), "1999-01-01", "1999-01-01", null);

        assertUnsupported(reply, "1999-01-01");
    }

    @Test
    void unsupportedVersionWhenGetThenBadRequestWithTheSupportedVersions() {
        TestHttp.Reply reply = http.send(
                "GET",
                "/mcp",
                null,
                "Accept",
                "text/event-stream",
                "Authorization",
                "Bearer " + token,
                "MCP-Protocol-Version",
                "1999-01-01");

        assertUnsupported(reply, "1999-01-01");
    }

    @Test
    void discoverWhenNoSessionThenSupportedVersionsCapabilitiesAndCachingHints() {
        TestHttp.Reply reply = modern("server/discover", Map.of(), MODERN, MODERN, null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.header("Mcp-Session-Id")).isNull();
        JsonNode result = reply.json().get("result");
        assertThat(result.get("resultType").asString()).isEqualTo("complete");
        assertThat(result.get("supportedVersions").valueStream().map(JsonNode::asString))
                .contains(MODERN, "2025-11-25");
        assertThat(result.at("/capabilities/tools").isObject()).isTrue();
        assertThat(result.at("/_meta/io.modelcontextprotocol~1serverInfo/name").asString())
                .isEqualTo("mcp-ambassador");
        assertThat(result.get("ttlMs").asLong()).isPositive();
        assertThat(result.get("cacheScope").asString()).isEqualTo("private");
    }

    @Test
    void toolsListWhenModernThenTheCallersToolsWithCachingHintsAndNoSession() {
        String slug = "eras-" + UUID.randomUUID().toString().substring(0, 8);
        admin.publishEverything(slug, user, List.of("echo"), List.of());

        TestHttp.Reply reply = modern("tools/list", Map.of(), MODERN, MODERN, null);

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode result = reply.json().get("result");
        assertThat(result.get("tools").valueStream().map(tool -> tool.get("name")
                        .asString()))
                .containsExactly(slug + "__echo");
        assertThat(result.at("/tools/0").has("execution"))
                .as("task support is an extension in 2026-07-28, not a tool field")
                .isFalse();
        assertThat(result.get("resultType").asString()).isEqualTo("complete");
        assertThat(result.get("ttlMs").asLong()).isEqualTo(60_000);
        assertThat(result.get("cacheScope").asString()).isEqualTo("private");
    }

    @Test
    void toolsCallWhenModernAndNotGrantedThenRefusedByTheSamePipeline() {
        String slug = "eras-" + UUID.randomUUID().toString().substring(0, 8);
        admin.publishEverything(slug, user, List.of("echo"), List.of());

        TestHttp.Reply reply = modern(
                "tools/call",
                Map.of("name", slug + "__get-env", "arguments", Map.of()),
                MODERN,
                MODERN,
                slug + "__get-env");

        assertThat(reply.json().at("/error/code").asInt()).as(reply.body()).isEqualTo(-32001);
        assertThat(reply.json().at("/error/data/refused_by").asString()).isEqualTo("rbac");
    }

    @Test
    void headersWhenMethodHeaderDisagreesWithTheBodyThenHeaderMismatch() {
        TestHttp.Reply reply =
                send(body("tools/list", Map.of(), MODERN), "MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/call");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/error/code").asInt()).isEqualTo(-32020);
    }

    @Test
    void headersWhenNameHeaderMissingOnToolsCallThenHeaderMismatch() {
        TestHttp.Reply reply = modern("tools/call", Map.of("name", "x__echo"), MODERN, MODERN, null);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/error/code").asInt()).isEqualTo(-32020);
    }

    @Test
    void methodWhenNotPartOfTheModernEraThenNotFound() {
        TestHttp.Reply reply = modern("ping", Map.of(), MODERN, MODERN, null);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().at("/error/code").asInt()).isEqualTo(-32601);
    }

    @Test
    void getWhenModernVersionThenMethodNotAllowed() {
        TestHttp.Reply reply = http.send(
                "GET",
                "/mcp",
                null,
                "Accept",
                "text/event-stream",
                "Authorization",
                "Bearer " + token,
                "MCP-Protocol-Version",
                MODERN);

        assertThat(reply.status()).isEqualTo(405);
    }

    @Test
    void legacyWhenInitializedThenUnchangedBesideModernRequests() {
        String session = new TestMcp(http).initialize(token);
        modern("server/discover", Map.of(), MODERN, MODERN, null);

        TestHttp.Reply ping =
                new TestMcp(http).post(token, session, Map.of("jsonrpc", "2.0", "id", 3, "method", "ping"));

        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.json().get("result").has("resultType")).isFalse();
    }

    @Test
    void auditWhenLegacyAndModernCallsThenEveryRowRecordsItsEra() {
        String slug = "eras-" + UUID.randomUUID().toString().substring(0, 8);
        admin.publishEverything(slug, user, List.of("echo"), List.of());
        String session = new TestMcp(http).initialize(token);
        TestHttp.Reply legacy = new TestMcp(http)
                .post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                2,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", slug + "__echo", "arguments", Map.of("message", "legacy"))));
        TestHttp.Reply modern = modern(
                "tools/call",
                Map.of("name", slug + "__echo", "arguments", Map.of("message", "modern")),
                MODERN,
                MODERN,
                slug + "__echo");
        assertThat(legacy.body()).contains("Echo: legacy");
        assertThat(modern.body()).contains("Echo: modern");

        TestHttp.Reply events = admin.call("GET", "/v1/audit/events?server=" + slug, null);
        TestHttp.Reply csv = admin.call("GET", "/v1/audit/export?format=csv&server=" + slug, null);

        assertThat(events.status()).as(events.body()).isEqualTo(200);
        List<JsonNode> rows = events.json().get("events").valueStream().toList();
        assertThat(rows).hasSize(4);
        for (JsonNode row : rows) {
            String message =
                    row.path("arguments").path("arguments").path("message").asString("");
            boolean modernRow = row.get("type").asString().equals("mcp.request")
                    ? message.equals("modern")
                    : rows.stream()
                            .filter(request -> request.get("id").asLong()
                                    == row.get("request_id").asLong())
                            .anyMatch(request -> request.at("/arguments/arguments/message")
                                    .asString()
                                    .equals("modern"));
            assertThat(row.get("era").asString()).as(row.toString()).isEqualTo(modernRow ? "modern" : "legacy");
            assertThat(row.get("protocol_version").asString())
                    .as(row.toString())
                    .isEqualTo(modernRow ? MODERN : "2025-11-25");
            assertThat(row.has("mcp_session_id")).as(row.toString()).isEqualTo(!modernRow);
        }
        for (String era : List.of("modern", "legacy")) {
            TestHttp.Reply only = admin.call("GET", "/v1/audit/events?era=" + era + "&server=" + slug, null);
            assertThat(only.json().get("events").valueStream().map(row -> row.get("era")
                            .asString()))
                    .as(only.body())
                    .containsExactly(era, era);
        }
        TestHttp.Reply badEra = admin.call("GET", "/v1/audit/events?era=2026", null);
        assertThat(badEra.status()).isEqualTo(400);
        assertThat(badEra.body()).contains("era");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).contains(",era,protocol_version,");
        assertThat(lines.subList(1, lines.size()))
                .hasSize(4)
                .filteredOn(line -> line.contains("\"modern\",\"" + MODERN + "\""))
                .hasSize(2);
    }

    @Test
    void listenWhenNotificationsMissingOrTooManyUrisThenBadRequestNamingTheField() {
        TestHttp.Reply missing = modern("subscriptions/listen", Map.of(), MODERN, MODERN, null);
        List<String> uris = java.util.stream.IntStream.rangeClosed(0, 100)
                .mapToObj(i -> "test://r/" + i)
                .toList();
        TestHttp.Reply tooMany = modern(
                "subscriptions/listen",
                Map.of("notifications", Map.of("resourceSubscriptions", uris)),
                MODERN,
                MODERN,
                null);

        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.json().at("/error/code").asInt()).isEqualTo(-32602);
        assertThat(missing.json().at("/error/message").asString()).contains("params.notifications");
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(400);
        assertThat(tooMany.json().at("/error/message").asString())
                .contains("params.notifications.resourceSubscriptions");
    }

    private void assertUnsupported(TestHttp.Reply reply, String requested) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        JsonNode error = reply.json().get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32022);
        assertThat(error.at("/data/supported").valueStream().map(JsonNode::asString))
                .containsExactly(MODERN, "2025-11-25", "2025-06-18", "2025-03-26");
        assertThat(error.at("/data/requested").asString()).isEqualTo(requested);
        assertThat(error.get("message").asString()).contains("2025-11-25");
    }

    private TestHttp.Reply modern(
            String method, Map<String, Object> params, String bodyVersion, String headerVersion, String name) {
        List<String> headers = new ArrayList<>(List.of("MCP-Protocol-Version", headerVersion, "Mcp-Method", method));
        if (name != null) {
            headers.addAll(List.of("Mcp-Name", name));
        }
        return send(body(method, params, bodyVersion), headers.toArray(String[]::new));
    }

    private TestHttp.Reply send(Map<String, Object> body, String... extraHeaders) {
        List<String> headers = new ArrayList<>(List.of("Accept", TestMcp.ACCEPT, "Authorization", "Bearer " + token));
        headers.addAll(List.of(extraHeaders));
        return http.send("POST", "/mcp", body, headers.toArray(String[]::new));
    }

    private static Map<String, Object> body(String method, Map<String, Object> params, String version) {
        Map<String, Object> withMeta = new LinkedHashMap<>(params);
        withMeta.put(
                "_meta",
                Map.of(
                        "io.modelcontextprotocol/protocolVersion",
                        version,
                        "io.modelcontextprotocol/clientCapabilities",
                        Map.of(),
                        "io.modelcontextprotocol/clientInfo",
                        Map.of("name", "eras-test", "version", "1")));
        return Map.of("jsonrpc", "2.0", "id", 11, "method", method, "params", withMeta);
    }
}
