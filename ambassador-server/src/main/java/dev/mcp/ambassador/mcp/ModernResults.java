package dev.mcp.ambassador.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 2026-07-28 framing of what the ambassador answers: every result says it is complete (or,
 * for multi round-trip requests, that input is required) and names the server; cacheable results
 * carry {@code ttlMs} and {@code cacheScope}. The request envelope is taken off before a request
 * goes on, since it describes the client's conversation with the ambassador, not the
 * ambassador's with a downstream.
 */
final class ModernResults {

    /**
     * How long a list may be considered fresh. Lists are filtered per user by grants, key scope and
     * catalog, which an administrator may change at any moment; a minute keeps a stale list short
     * while sparing clients a re-fetch for every call. A call never relies on the list: every
     * call is checked again when it is made.
     */
    static final Duration LIST_TTL = Duration.ofMinutes(1);

    static final String SERVER_INFO_KEY = "io.modelcontextprotocol/serverInfo";

    /** The methods a modern client may send; everything else is not part of 2026-07-28. */
    static final Set<String> METHODS = Set.of(
            "server/discover",
            ModernListen.METHOD,
            "tools/list",
            "tools/call",
            "resources/list",
            "resources/templates/list",
            "resources/read",
            "prompts/list",
            "prompts/get",
            "completion/complete");

    private static final Set<String> LISTS =
            Set.of("tools/list", "prompts/list", "resources/list", "resources/templates/list");
    private static final List<String> ENVELOPE_KEYS = List.of(
            EraClassifier.PROTOCOL_VERSION_KEY,
            EraClassifier.CLIENT_CAPABILITIES_KEY,
            EraClassifier.CLIENT_INFO_KEY,
            EraClassifier.LOG_LEVEL_KEY);
    /** Resource not found before 2026-07-28; modern servers must not send it. */
    private static final int LEGACY_RESOURCE_NOT_FOUND = -32002;

    private ModernResults() {}

    /** The request's params without the per-request envelope; other {@code _meta} keys stay. */
    static JsonNode withoutEnvelope(JsonNode params) {
        if (!(params instanceof ObjectNode object)) {
            return params;
        }
        ObjectNode copy = object.deepCopy();
        ObjectNode meta = copy.get("_meta") instanceof ObjectNode existing ? existing : copy.putObject("_meta");
        ENVELOPE_KEYS.forEach(meta::remove);
        // A retry's input goes to the waiting downstream call, never into a new one.
        copy.remove("inputResponses");
        copy.remove("requestState");
        if (meta.isEmpty()) {
            copy.remove("_meta");
        }
        return copy;
    }

    /** Puts the modern result fields on a JSON-RPC answer to {@code method}. */
    static JsonNode frame(String method, JsonNode response, JsonNode serverInfo) {
        if (response.path("error").path("code").asInt(0) == LEGACY_RESOURCE_NOT_FOUND) {
            ObjectNode copy = (ObjectNode) response.deepCopy();
            ((ObjectNode) copy.get("error")).put("code", JsonRpc.INVALID_PARAMS);
            return copy;
        }
        if (!(response.get("result") instanceof ObjectNode original)) {
            return response;
        }
        ObjectNode result = original.deepCopy();
        if (!result.has("resultType")) {
            result.put("resultType", "complete");
        }
        if (method.equals("tools/list") && result.get("tools") instanceof ArrayNode listed) {
            // Task support is an extension in this era, not a field of a tool.
            listed.forEach(tool -> {
                if (tool instanceof ObjectNode object) {
                    object.remove("execution");
                }
            });
        }
        if (LISTS.contains(method)) {
            cacheable(result, LIST_TTL.toMillis());
        } else if (method.equals("resources/read")
                && result.path("resultType").asString("").equals("complete")) {
            // Whatever the server said about freshness stands; without a word, nothing is fresh.
            cacheable(result, 0);
        }
        ObjectNode meta = result.get("_meta") instanceof ObjectNode existing ? existing : result.putObject("_meta");
        meta.set(SERVER_INFO_KEY, serverInfo);
        return JsonRpc.result(response.get("id"), result);
    }

    /**
     * The {@code server/discover} result from the capabilities the legacy handshake would offer,
     * less tasks (an extension in 2026-07-28). Change notifications and resource subscriptions are
     * offered as in the legacy era: here they arrive on {@code subscriptions/listen}.
     */
    static ObjectNode discover(ObjectNode initializeResult) {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("resultType", "complete");
        ProtocolVersions.ALL.forEach(result.putArray("supportedVersions")::add);
        ObjectNode capabilities =
                (ObjectNode) initializeResult.get("capabilities").deepCopy();
        capabilities.remove("tasks");
        result.set("capabilities", capabilities);
        result.putObject("_meta").set(SERVER_INFO_KEY, initializeResult.get("serverInfo"));
        if (initializeResult.has("instructions")) {
            result.set("instructions", initializeResult.get("instructions"));
        }
        return cacheable(result, LIST_TTL.toMillis());
    }

    private static ObjectNode cacheable(ObjectNode result, long ttlMillis) {
        if (!result.path("ttlMs").canConvertToLong() || result.path("ttlMs").asLong() < 0) {
            result.put("ttlMs", ttlMillis);
        }
        if (!result.path("cacheScope").isString()) {
            // Lists are filtered per user and reads run with the user's credentials.
            result.put("cacheScope", "private");
        }
        return result;
    }
}
