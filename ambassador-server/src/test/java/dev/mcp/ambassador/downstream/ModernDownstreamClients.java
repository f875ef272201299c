package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.support.NodeScript;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the tests of a 2026-07-28 downstream do whichever transport reaches it: grant a user a
 * server, register the user's client, call a tool as a 2025-11-25 client or as a 2026-07-28 one
 * without a library, and run a client script of both eras against it.
 */
final class ModernDownstreamClients {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestHttp http;
    private final TestAdmin admin;
    private final TestMcp mcp;
    private final Path dataDir;
    private final String clientName;

    ModernDownstreamClients(int port, Path dataDir, String clientName) {
        this.http = new TestHttp(port, dataDir);
        this.admin = TestAdmin.signIn(http);
        this.mcp = new TestMcp(http);
        this.dataDir = dataDir;
        this.clientName = clientName;
    }

    TestHttp http() {
        return http;
    }

    TestAdmin admin() {
        return admin;
    }

    TestMcp mcp() {
        return mcp;
    }

    static String slug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Grants {@code user} every tool but {@code deny}, every prompt and every resource of {@code slug}. */
    void grant(UUID user, String slug, List<String> deny) {
        admin.create(
                "/v1/admin/grants",
                Map.of(
                        "user_id",
                        user,
                        "server",
                        slug,
                        "allow",
                        List.of("*"),
                        "deny",
                        deny,
                        "prompt_allow",
                        List.of("*"),
                        "resource_allow",
                        List.of("*")));
    }

    /** A session token for a new client of {@code user}. */
    String token(UUID user) {
        return http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", clientName))
                .json()
                .get("session_token")
                .asString();
    }

    /** A 2025-11-25 {@code tools/call} in {@code session}. */
    JsonNode call(String token, String session, String tool, Map<String, Object> arguments) {
        return mcp.post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                7,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", tool, "arguments", arguments)))
                .json();
    }

    /**
     * Runs {@code clients/<script>} for {@code slug} as a new client of {@code user}, asserts that it
     * passed, and returns the names of the checks it made.
     */
    Collection<String> checksPassedBy(String script, String slug, UUID user) throws InterruptedException {
        return NodeScript.runClient(script, http, dataDir, slug, token(user))
                .path("checks")
                .propertyNames();
    }

    /** A 2026-07-28 {@code tools/call} as a client without a library sends it; the answer at the end. */
    JsonNode modernCall(String token, int id, String tool, Map<String, Object> arguments, Map<String, Object> more) {
        Map<String, Object> params = new HashMap<>(more);
        params.put("name", tool);
        params.put("arguments", arguments);
        params.put(
                "_meta",
                Map.of(
                        "io.modelcontextprotocol/protocolVersion",
                        "2026-07-28",
                        "io.modelcontextprotocol/clientCapabilities",
                        Map.of("elicitation", Map.of()),
                        "io.modelcontextprotocol/clientInfo",
                        Map.of("name", "raw", "version", "1")));
        TestHttp.Reply reply = http.send(
                "POST",
                "/mcp",
                Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call", "params", params),
                "Accept",
                TestMcp.ACCEPT,
                "Authorization",
                "Bearer " + token,
                "MCP-Protocol-Version",
                "2026-07-28",
                "Mcp-Method",
                "tools/call",
                "Mcp-Name",
                tool);
        String type = reply.header("Content-Type");
        if (type == null || !type.startsWith("text/event-stream")) {
            return reply.json();
        }
        return reply.body()
                .lines()
                .filter(line -> line.startsWith("data:"))
                .map(line -> line.substring(5).trim())
                .filter(data -> !data.isEmpty())
                .map(JSON::readTree)
                .filter(message -> message.has("result") || message.has("error"))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no answer in " + reply.body()));
    }
}
