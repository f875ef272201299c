package dev.mcp.ambassador.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

/**
 * Raw JSON-RPC over {@code /mcp}, for tests that need to see status codes and headers that an MCP
 * client library would hide.
 */
public final class TestMcp {

    public static final String ACCEPT = "application/json, text/event-stream";

    private final TestHttp http;

    public TestMcp(TestHttp http) {
        this.http = http;
    }

    /** Opens an MCP session with {@code token} and returns its {@code Mcp-Session-Id}. */
    public String initialize(String token) {
        TestHttp.Reply reply = post(token, null, initializeMessage("2025-11-25"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.header("Mcp-Session-Id");
    }

    /** POSTs one message, with the session header when {@code session} is not null. */
    public TestHttp.Reply post(String token, String session, Object message) {
        return session == null
                ? http.send("POST", "/mcp", message, "Accept", ACCEPT, "Authorization", "Bearer " + token)
                : http.send(
                        "POST",
                        "/mcp",
                        message,
                        "Accept",
                        ACCEPT,
                        "Authorization",
                        "Bearer " + token,
                        "Mcp-Session-Id",
                        session);
    }

    public static Map<String, Object> initializeMessage(String protocolVersion) {
        return Map.of(
                "jsonrpc",
                "2.0",
                "id",
                1,
                "method",
                "initialize",
                "params",
                Map.of(
                        "protocolVersion", protocolVersion,
                        "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "test", "version", "1")));
    }
}
