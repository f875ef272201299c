package dev.mcp.ambassador.downstream;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every 2026-07-28 request the ambassador sends a downstream carries in place of {@code
 * initialize}: the {@code _meta} envelope (protocol version, client capabilities, client info) and
 * the {@code MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} headers that mirror the
 * body. And what a modern answer loses on its way to a client: the fields only the modern era has
 * around a result, which the client side puts back for a modern client.
 */
final class ModernEnvelope {

    static final String VERSION = "2026-07-28";
    static final String PROTOCOL_VERSION_KEY = "io.modelcontextprotocol/protocolVersion";
    static final String CLIENT_CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";
    static final String CLIENT_INFO_KEY = "io.modelcontextprotocol/clientInfo";
    static final String SERVER_INFO_KEY = "io.modelcontextprotocol/serverInfo";
    static final String LOG_LEVEL_KEY = "io.modelcontextprotocol/logLevel";

    private static final String BASE64_PREFIX = "=?base64?";
    private static final String BASE64_SUFFIX = "?=";
    private static final Map<String, String> NAME_SOURCE =
            Map.of("tools/call", "name", "prompts/get", "name", "resources/read", "uri");

    private ModernEnvelope() {}

    /** {@code params} (or none) with the envelope added to its {@code _meta}, other keys kept. */
    static ObjectNode params(JsonNode params) {
        ObjectNode copy = params != null && params.isObject()
                ? (ObjectNode) params.deepCopy()
                : JsonNodeFactory.instance.objectNode();
        JsonNode existing = copy.get("_meta");
        ObjectNode meta = existing != null && existing.isObject() ? (ObjectNode) existing : copy.putObject("_meta");
        meta.put(PROTOCOL_VERSION_KEY, VERSION);
        meta.set(CLIENT_CAPABILITIES_KEY, RelayedClientCapabilities.create());
        meta.putObject(CLIENT_INFO_KEY).put("name", "mcp-ambassador").put("version", "0.1.0");
        // Every log message the server has: the ambassador passes each client what it asked for
        // (a 2025 client's logging/setLevel, a 2026-07-28 client's own _meta level), which a
        // server of this era cannot know, since it sends logs only when a request asks.
        meta.put(LOG_LEVEL_KEY, "debug");
        return copy;
    }

    /** The headers that mirror {@code method} and its {@code params}. */
    static Map<String, String> headers(String method, JsonNode params) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("MCP-Protocol-Version", VERSION);
        headers.put("Mcp-Method", method);
        String field = NAME_SOURCE.get(method);
        if (field != null && params.path(field).isString()) {
            headers.put("Mcp-Name", headerValue(params.path(field).asString()));
        }
        return headers;
    }

    /**
     * A value as a header may carry it: unchanged when it is plain visible ASCII, otherwise (or
     * when it already looks encoded) as {@code =?base64?…?=} of its UTF-8 bytes.
     */
    static String headerValue(String value) {
        boolean plain = !value.isEmpty()
                && value.equals(value.strip())
                && !(value.startsWith(BASE64_PREFIX) && value.endsWith(BASE64_SUFFIX));
        for (int i = 0; plain && i < value.length(); i++) {
            char c = value.charAt(i);
            plain = c == '\t' || (c >= 0x20 && c <= 0x7e);
        }
        return plain
                ? value
                : BASE64_PREFIX
                        + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
                        + BASE64_SUFFIX;
    }

    /** True when a {@code server/discover} answer lists 2026-07-28 among its supported versions. */
    static boolean offered(JsonNode discovered) {
        for (JsonNode version : discovered.at("/result/supportedVersions")) {
            if (VERSION.equals(version.asString(""))) {
                return true;
            }
        }
        return false;
    }

    /** Why an entry pinned to 2026-07-28 cannot be reached: its server does not offer it. */
    static DownstreamException notOffered(String slug) {
        return new DownstreamException("Server '" + slug
                + "' does not offer MCP 2026-07-28 (server/discover); an administrator can set its"
                + " protocol to auto or 2025-11-25.");
    }

    /** True when a response's result asks the client for input before the server can finish. */
    static boolean inputRequired(JsonNode response) {
        return "input_required"
                .equals(response.path("result").path("resultType").asString(""));
    }

    /**
     * The response as a 2025-11-25 result looks: without {@code resultType: "complete"} and the
     * server's name in {@code _meta}, which only the modern era has. Everything else is kept.
     */
    static JsonNode asLegacy(JsonNode response) {
        JsonNode result = response.get("result");
        if (!(result instanceof ObjectNode object)) {
            return response;
        }
        ObjectNode copy = (ObjectNode) response.deepCopy();
        ObjectNode copied = (ObjectNode) copy.get("result");
        if ("complete".equals(object.path("resultType").asString(""))) {
            copied.remove("resultType");
        }
        if (copied.get("_meta") instanceof ObjectNode meta) {
            meta.remove(SERVER_INFO_KEY);
            if (meta.isEmpty()) {
                copied.remove("_meta");
            }
        }
        return copy;
    }
}
