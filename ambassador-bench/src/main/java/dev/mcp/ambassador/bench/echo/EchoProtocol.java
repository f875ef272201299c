package dev.mcp.ambassador.bench.echo;

import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole MCP server side of the echo server, independent of transport: {@code initialize},
 * {@code ping}, {@code tools/list} with one tool {@code echo}, and {@code tools/call} of it, which
 * answers its {@code message} argument as text. It does as little as a correct server can, so that
 * whatever fronts it is what a benchmark measures.
 */
public final class EchoProtocol {

    /** The one tool's name. */
    public static final String TOOL = "echo";

    static final String LATEST = "2025-11-25";
    private static final Set<String> VERSIONS = Set.of(LATEST, "2025-06-18", "2025-03-26");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNode TOOLS = JSON.readTree(
            """
            {"tools":[{"name":"echo","description":"Answers its message.","inputSchema":{"type":"object",\
            "properties":{"message":{"type":"string"}},"required":["message"]}}]}""");

    /**
     * The answer to one JSON-RPC message.
     *
     * @param json the serialized response, or null when the message is a notification or a
     *     response and so gets none
     * @param initialize whether the message was {@code initialize}, which opens an HTTP session
     */
    public record Answer(String json, boolean initialize) {}

    /** Answers one JSON-RPC message; never throws, a malformed message gets a JSON-RPC error. */
    public Answer answer(String message) {
        JsonNode request;
        try {
            request = JSON.readTree(message);
        } catch (RuntimeException e) {
            return new Answer(error(null, -32700, "Parse error"), false);
        }
        if (!request.isObject() || !request.has("method")) {
            boolean response = request.isObject() && request.has("id");
            return new Answer(response ? null : error(null, -32600, "Invalid request"), false);
        }
        JsonNode id = request.get("id");
        String method = request.get("method").asString("");
        if (id == null || id.isNull()) {
            return new Answer(null, false);
        }
        JsonNode params = request.path("params");
        String json =
                switch (method) {
                    case "initialize" -> result(id, initialize(params));
                    case "ping" -> result(id, JSON.createObjectNode());
                    case "tools/list" -> result(id, TOOLS);
                    case "tools/call" -> call(id, params);
                    default -> error(id, -32601, "Method not found");
                };
        return new Answer(json, "initialize".equals(method));
    }

    private static JsonNode initialize(JsonNode params) {
        String asked = params.path("protocolVersion").asString("");
        ObjectNode result = JSON.createObjectNode().put("protocolVersion", VERSIONS.contains(asked) ? asked : LATEST);
        result.putObject("capabilities").putObject("tools").put("listChanged", false);
        result.putObject("serverInfo").put("name", "ambassador-bench-echo").put("version", "1");
        return result;
    }

    private static String call(JsonNode id, JsonNode params) {
        if (!TOOL.equals(params.path("name").asString(""))) {
            return error(id, -32602, "Unknown tool");
        }
        ObjectNode result = JSON.createObjectNode();
        result.putArray("content")
                .addObject()
                .put("type", "text")
                .put("text", params.path("arguments").path("message").asString(""));
        return result(id, result);
    }

    private static String result(JsonNode id, JsonNode result) {
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("result", result);
        return JSON.writeValueAsString(response);
    }

    private static String error(JsonNode id, int code, String message) {
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", id == null ? JSON.nullNode() : id);
        response.putObject("error").put("code", code).put("message", message);
        return JSON.writeValueAsString(response);
    }
}
