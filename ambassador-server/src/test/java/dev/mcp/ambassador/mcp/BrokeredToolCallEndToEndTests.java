package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import dev.mcp.ambassador.tls.Fingerprints;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole path of one tool call on real parts: the server on a random port with PostgreSQL, a
 * real downstream MCP server process, and the MCP Java SDK client over TLS trusting only the
 * ambassador's generated CA.
 */
class BrokeredToolCallEndToEndTests extends SharedServerTests {

    private TestHttp http;
    private TestAdmin admin;

    @BeforeEach
    void signIn() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
    }

    @Test
    void toolCallWhenUserIsGrantedThenRealClientListsAndCallsTheDownstreamTool() throws Exception {
        UUID user = admin.createUser("dev-" + UUID.randomUUID().toString().substring(0, 8));
        String presharedKey = admin.issuePresharedKey(user);
        admin.call("DELETE", "/v1/admin/servers/everything", null);
        admin.publishEverything("everything", user, List.of("*"), List.of("get-env"));

        TestHttp.Reply registration = http.send(
                "POST",
                "/v1/sessions/register",
                Map.of("preshared_key", presharedKey, "client_name", "end-to-end test"));
        assertThat(registration.status()).as(registration.body()).isEqualTo(201);
        JsonNode session = registration.json();
        assertThat(session.get("ca_fingerprint_sha256").asString()).isEqualTo(fingerprintOfGeneratedCa());
        assertThat(session.get("mcp_url").asString()).isEqualTo("https://localhost:" + port + "/mcp");
        assertThat(session.get("heartbeat_interval_seconds").asLong()).isPositive();

        try (McpSyncClient client = mcpClient(session.get("session_token").asString())) {
            McpSchema.InitializeResult initialized = client.initialize();
            assertThat(initialized.serverInfo().name()).isEqualTo("mcp-ambassador");

            List<String> tools = client.listTools().tools().stream()
                    .map(McpSchema.Tool::name)
                    .toList();
            assertThat(tools)
                    .contains("everything__echo", "everything__get-sum")
                    .doesNotContain("everything__get-env");

            McpSchema.CallToolResult echoed = client.callTool(new McpSchema.CallToolRequest(
                    "everything__echo", Map.of("message", "hello through the ambassador")));
            assertThat(echoed.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(echoed.content())
                    .singleElement()
                    .isInstanceOfSatisfying(McpSchema.TextContent.class, text -> assertThat(text.text())
                            .isEqualTo("Echo: hello through the ambassador"));
        }
    }

    @Test
    void toolCallWhenToolIsDeniedThenRefusedWithAnErrorNamingTheCheck() {
        UUID user = admin.createUser("dev-" + UUID.randomUUID().toString().substring(0, 8));
        String token = register(admin.issuePresharedKey(user));
        admin.call("DELETE", "/v1/admin/servers/denied-everything", null);
        admin.publishEverything("denied-everything", user, List.of("echo"), List.of());
        String mcpSession = initialize(token);

        JsonNode reply = mcp(
                        token,
                        mcpSession,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                7,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", "denied-everything__get-sum", "arguments", Map.of("a", 1, "b", 2))))
                .json();

        assertThat(reply.at("/error/code").asInt()).isEqualTo(-32001);
        assertThat(reply.at("/error/data/refused_by").asString()).isEqualTo("rbac");
        assertThat(reply.at("/error/message").asString()).contains("get-sum");
    }

    @Test
    void toolCallWhenServerTimeoutPassesThenRefusedWithAClearErrorAndCancelledDownstream() {
        UUID user = admin.createUser("dev-" + UUID.randomUUID().toString().substring(0, 8));
        String token = register(admin.issuePresharedKey(user));
        String slug = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        admin.create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "stdio",
                        "command",
                        List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"),
                        "status",
                        "published",
                        "call_timeout_seconds",
                        2));
        admin.create("/v1/admin/grants", Map.of("user_id", user, "server", slug, "allow", List.of("*")));
        String mcpSession = initialize(token);

        JsonNode slow = mcp(
                        token,
                        mcpSession,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                8,
                                "method",
                                "tools/call",
                                "params",
                                Map.of(
                                        "name",
                                        slug + "__trigger-long-running-operation",
                                        "arguments",
                                        Map.of("duration", 30, "steps", 3))))
                .json();
        JsonNode afterwards = mcp(
                        token,
                        mcpSession,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                9,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", slug + "__echo", "arguments", Map.of("message", "still alive"))))
                .json();

        assertThat(slow.at("/error/data/refused_by").asString()).isEqualTo("forward");
        assertThat(slow.at("/error/message").asString()).contains(slug).contains("2 s");
        assertThat(afterwards.at("/result/content/0/text").asString()).isEqualTo("Echo: still alive");
    }

    @Test
    void createServerWhenTimeoutAboveTheMaximumThenRefusedNamingTheField() {
        TestHttp.Reply reply = admin.call(
                "POST",
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        "too-patient",
                        "transport",
                        "stdio",
                        "command",
                        List.of("node"),
                        "call_timeout_seconds",
                        301));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo("call_timeout_seconds");
    }

    @Test
    void mcpWhenNoTokenThenUnauthorizedWithBearerChallenge() {
        TestHttp.Reply reply = http.send(
                "POST",
                "/mcp",
                Map.of("jsonrpc", "2.0", "id", 1, "method", "ping"),
                "Accept",
                "application/json, text/event-stream");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        assertNoInternals(reply);
    }

    @Test
    void mcpWhenTokenIsForgedThenUnauthorized() {
        TestHttp.Reply reply = http.send(
                "POST",
                "/mcp",
                Map.of("jsonrpc", "2.0", "id", 1, "method", "ping"),
                "Accept",
                "application/json, text/event-stream",
                "Authorization",
                "Bearer amb_st_AAAA.BBBB");

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void plainHttpWhenSentToTheTlsPortThenNothingIsServed() throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).doesNotContain("UP", "status");
            if (!answer.isEmpty()) {
                assertThat(answer).startsWith("HTTP/1.1 400");
            }
        }
    }

    @Test
    void mcpWhenBodyIsNotJsonThenBadRequestWithParseError() {
        String token = register(admin.issuePresharedKey(
                admin.createUser("dev-" + UUID.randomUUID().toString().substring(0, 8))));

        TestHttp.Reply reply = http.send(
                "POST",
                "/mcp",
                "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ",
                "Accept",
                "application/json, text/event-stream",
                "Authorization",
                "Bearer " + token);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/error/code").asInt()).isEqualTo(-32700);
        assertNoInternals(reply);
    }

    @Test
    void registerWhenKeyIsWrongThenOneUniformProblemThatNamesNoPart() {
        UUID user = admin.createUser("dev-" + UUID.randomUUID().toString().substring(0, 8));
        String valid = admin.issuePresharedKey(user);
        String unknownButWellFormed = "amb_pk_" + "A".repeat(43);
        String corrupted = valid.substring(0, valid.length() - 4) + "AAAA";
        admin.call("PATCH", "/v1/admin/users/" + user, Map.of("status", "suspended"));

        List<TestHttp.Reply> replies =
                List.of(valid, unknownButWellFormed, corrupted, "amb_pk_short", "nonsense").stream()
                        .map(key -> http.send(
                                "POST", "/v1/sessions/register", Map.of("preshared_key", key, "client_name", "probe")))
                        .toList();

        for (TestHttp.Reply reply : replies) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.json().get("detail").asString())
                    .isEqualTo(replies.getFirst().json().get("detail").asString());
            assertThat(reply.json().get("type").asString())
                    .isEqualTo(replies.getFirst().json().get("type").asString());
            assertNoInternals(reply);
        }
        assertThat(replies.getFirst().body().toLowerCase()).doesNotContain("suspend", "expired", "revoked", "unknown");
    }

    private String register(String presharedKey) {
        TestHttp.Reply reply = http.send(
                "POST",
                "/v1/sessions/register",
                Map.of("preshared_key", presharedKey, "client_name", "end-to-end test"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("session_token").asString();
    }

    private String initialize(String token) {
        return new TestMcp(http).initialize(token);
    }

    private TestHttp.Reply mcp(String token, String mcpSession, Object message) {
        return new TestMcp(http).post(token, mcpSession, message);
    }

    private McpSyncClient mcpClient(String token) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "https://localhost:" + port)
                .endpoint("/mcp")
                .clientBuilder(http.clientBuilder())
                .httpRequestCustomizer(
                        (request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token))
                .build();
        return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
    }

    private static String fingerprintOfGeneratedCa() throws Exception {
        try (InputStream in = Files.newInputStream(DATA_DIR.resolve("tls/ca.pem"))) {
            return Fingerprints.sha256(
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
    }

    private static void assertNoInternals(TestHttp.Reply reply) {
        assertThat(reply.body()).doesNotContain("Exception", "\tat ", "org.springframework", "dev.mcp.ambassador.");
    }
}
