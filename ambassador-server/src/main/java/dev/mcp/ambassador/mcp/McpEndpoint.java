package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.pipeline.ToolCall;
import dev.mcp.ambassador.pipeline.ToolCallOutcome;
import dev.mcp.ambassador.pipeline.ToolCallPipeline;
import dev.mcp.ambassador.session.SessionClaims;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP Streamable HTTP endpoint. Every request here is already authenticated by its session
 * token; the {@code Mcp-Session-Id} only selects which of the caller's MCP sessions it belongs to.
 */
@RestController
class McpEndpoint {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String PROTOCOL_HEADER = "MCP-Protocol-Version";
    static final List<String> SUPPORTED_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    private final JsonMapper json;
    private final McpSessions sessions;
    private final ToolAggregator tools;
    private final ToolCallPipeline pipeline;
    private final OriginPolicy origins;
    private final ResourceAndPromptRelay relay;

    McpEndpoint(
            JsonMapper json,
            McpSessions sessions,
            ToolAggregator tools,
            ToolCallPipeline pipeline,
            OriginPolicy origins,
            ResourceAndPromptRelay relay) {
        this.json = json;
        this.sessions = sessions;
        this.tools = tools;
        this.pipeline = pipeline;
        this.origins = origins;
        this.relay = relay;
    }

    @PostMapping(path = "/mcp")
    ResponseEntity<JsonNode> post(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(name = SESSION_HEADER, required = false) String sessionId,
            @RequestHeader(name = PROTOCOL_HEADER, required = false) String protocolVersion,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            @AuthenticationPrincipal SessionClaims caller,
            HttpServletRequest request) {
        if (!origins.permits(request)) {
            return reply(HttpStatus.FORBIDDEN, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Origin not allowed."));
        }
        JsonNode message;
        try {
            message = json.readTree(body == null ? new byte[0] : body);
        } catch (JacksonException e) {
            return reply(
                    HttpStatus.BAD_REQUEST,
                    JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: the body is not JSON."));
        }
        if (message == null || message.isMissingNode()) {
            return reply(
                    HttpStatus.BAD_REQUEST,
                    JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: the body is empty."));
        }
        if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asString(""))) {
            String why = message.isArray() ? "batches are not supported" : "not a JSON-RPC 2.0 message";
            return reply(
                    HttpStatus.BAD_REQUEST,
                    JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid request: " + why + "."));
        }
        if (!acceptsJsonAndEventStream(accept)) {
            return reply(
                    HttpStatus.NOT_ACCEPTABLE,
                    JsonRpc.error(
                            message.get("id"),
                            JsonRpc.INVALID_REQUEST,
                            "The Accept header must list application/json and text/event-stream."));
        }
        if (protocolVersion != null && !SUPPORTED_VERSIONS.contains(protocolVersion)) {
            return reply(
                    HttpStatus.BAD_REQUEST,
                    JsonRpc.error(
                            message.get("id"),
                            JsonRpc.INVALID_REQUEST,
                            "Unsupported MCP-Protocol-Version; supported: " + SUPPORTED_VERSIONS + "."));
        }
        JsonNode id = message.get("id");
        String method =
                message.path("method").isString() ? message.path("method").asString() : null;
        if ("initialize".equals(method) && id != null) {
            return initialize(id, message.path("params"), caller);
        }
        if (sessionId == null) {
            return reply(
                    HttpStatus.BAD_REQUEST,
                    JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Missing Mcp-Session-Id: send initialize first."));
        }
        Optional<McpSessions.McpSession> session = sessions.find(sessionId, caller.userId());
        if (session.isEmpty()) {
            return reply(
                    HttpStatus.NOT_FOUND, JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "Unknown or ended MCP session."));
        }
        if (method == null || id == null) {
            // Notifications and the client's answers to server requests: accepted, nothing to say.
            return ResponseEntity.accepted().build();
        }
        return reply(HttpStatus.OK, dispatch(id, method, message.path("params"), caller, session.get()));
    }

    @DeleteMapping(path = "/mcp")
    ResponseEntity<Void> delete(
            @RequestHeader(name = SESSION_HEADER, required = false) String sessionId,
            @AuthenticationPrincipal SessionClaims caller,
            HttpServletRequest request) {
        if (!origins.permits(request)) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
        }
        if (sessionId == null) {
            return ResponseEntity.badRequest().build();
        }
        return sessions.close(sessionId, caller.userId())
                ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    /** This server does not open a standalone server-to-client stream. */
    @GetMapping(path = "/mcp")
    ResponseEntity<Void> get() {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, "POST, DELETE")
                .build();
    }

    private ResponseEntity<JsonNode> initialize(JsonNode id, JsonNode params, SessionClaims caller) {
        String requested = params.path("protocolVersion").asString("");
        String negotiated = SUPPORTED_VERSIONS.contains(requested) ? requested : SUPPORTED_VERSIONS.getFirst();
        McpSessions.McpSession session = sessions.open(caller.userId(), caller.sessionId(), negotiated);
        ObjectNode result = json.createObjectNode().put("protocolVersion", negotiated);
        ObjectNode capabilities = result.putObject("capabilities");
        capabilities.putObject("tools").put("listChanged", false);
        capabilities.putObject("resources").put("listChanged", false);
        capabilities.putObject("prompts").put("listChanged", false);
        result.putObject("serverInfo").put("name", "mcp-ambassador").put("version", "0.1.0");
        result.put(
                "instructions",
                "Tools are named <server>" + tools.separator() + "<tool>; you see the tools your grants allow.");
        return ResponseEntity.ok()
                .header(SESSION_HEADER, session.id())
                .contentType(MediaType.APPLICATION_JSON)
                .body(JsonRpc.result(id, result));
    }

    private JsonNode dispatch(
            JsonNode id, String method, JsonNode params, SessionClaims caller, McpSessions.McpSession session) {
        return switch (method) {
            case "ping" -> JsonRpc.result(id, json.createObjectNode());
            case "tools/list" -> {
                ObjectNode result = json.createObjectNode();
                result.putArray("tools").addAll(tools.tools(caller.userId(), caller.presharedKeyId()));
                yield JsonRpc.result(id, result);
            }
            case "tools/call" -> callTool(id, params, caller);
            case "resources/list" -> listed(id, caller, "resources", "resources/list", "resources");
            case "resources/templates/list" ->
                listed(id, caller, "resources", "resources/templates/list", "resourceTemplates");
            case "prompts/list" -> listed(id, caller, "prompts", "prompts/list", "prompts");
            case "resources/read", "prompts/get" ->
                relay.forward(caller.userId(), caller.presharedKeyId(), method, params)
                        .map(response -> response.has("error")
                                ? (JsonNode) JsonRpc.error(id, response.get("error"))
                                : JsonRpc.result(id, response.path("result")))
                        .orElseGet(() -> JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown resource or prompt."));
            default -> JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "Method not found: " + method);
        };
    }

    private JsonNode listed(JsonNode id, SessionClaims caller, String capability, String method, String field) {
        ObjectNode result = json.createObjectNode();
        result.putArray(field).addAll(relay.list(caller.userId(), caller.presharedKeyId(), capability, method, field));
        return JsonRpc.result(id, result);
    }

    private JsonNode callTool(JsonNode id, JsonNode params, SessionClaims caller) {
        if (!params.isObject() || !params.path("name").isString()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "tools/call needs params.name.");
        }
        String clientName = params.path("name").asString();
        Optional<ToolAggregator.QualifiedName> name = tools.parse(clientName);
        if (name.isEmpty()) {
            return JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Unknown tool: " + clientName);
        }
        ObjectNode forwarded = (ObjectNode) params.deepCopy();
        forwarded.put("name", name.get().toolName());
        ToolCall call = new ToolCall(
                caller.userId(),
                caller.sessionId(),
                caller.presharedKeyId(),
                name.get().serverSlug(),
                name.get().toolName(),
                forwarded);
        return switch (pipeline.run(call)) {
            case ToolCallOutcome.Completed completed -> JsonRpc.result(id, completed.result());
            case ToolCallOutcome.DownstreamError error -> JsonRpc.error(id, error.error());
            case ToolCallOutcome.Refused refused -> {
                ObjectNode error =
                        json.createObjectNode().put("code", refused.code()).put("message", refused.message());
                error.putObject("data").put("refused_by", refused.stage().name().toLowerCase(java.util.Locale.ROOT));
                yield JsonRpc.error(id, error);
            }
        };
    }

    private static boolean acceptsJsonAndEventStream(String accept) {
        if (accept == null) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (RuntimeException e) {
            return false;
        }
        boolean json = types.stream().anyMatch(t -> t.includes(MediaType.APPLICATION_JSON));
        boolean events = types.stream().anyMatch(t -> t.includes(MediaType.TEXT_EVENT_STREAM));
        return json && events;
    }

    private static ResponseEntity<JsonNode> reply(HttpStatus status, JsonNode body) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }
}
