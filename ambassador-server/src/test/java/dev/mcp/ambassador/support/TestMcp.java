package dev.mcp.ambassador.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raw JSON-RPC over {@code /mcp}, for tests that need to see status codes and headers that an MCP
 * client library would hide.
 */
public final class TestMcp {

    public static final String ACCEPT = "application/json, text/event-stream";

    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    /**
     * POSTs one message, with the session header when {@code session} is not null. An answer that
     * comes as an event stream is read as a client would: its body becomes the JSON-RPC response
     * at the end of the stream, and the messages before it are dropped.
     */
    public TestHttp.Reply post(String token, String session, Object message) {
        TestHttp.Reply reply = send(token, session, message);
        String type = reply.header("Content-Type");
        if (type == null || !type.startsWith("text/event-stream")) {
            return reply;
        }
        String response = reply.body()
                .lines()
                .filter(line -> line.startsWith("data:"))
                .map(line -> line.substring(5).trim())
                .filter(data -> !data.isEmpty())
                .filter(data -> {
                    JsonNode parsed = JSON.readTree(data);
                    return parsed.has("id") && (parsed.has("result") || parsed.has("error"));
                })
                .reduce((first, second) -> second)
                .orElse("");
        return new TestHttp.Reply(reply.status(), reply.headers(), response);
    }

    private TestHttp.Reply send(String token, String session, Object message) {
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
