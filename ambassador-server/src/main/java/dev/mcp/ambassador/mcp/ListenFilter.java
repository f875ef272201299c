package dev.mcp.ambassador.mcp;

import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a 2026-07-28 client asked to hear on its {@code subscriptions/listen} stream. Only the
 * notification types it opted in to go out, each stamped with the listen request's id under
 * {@code _meta["io.modelcontextprotocol/subscriptionId"]}; resource updates reach it only for
 * the URIs it listens to, which its session's subscriptions already limit.
 *
 * @param subscriptionId the listen request's JSON-RPC id, verbatim
 */
record ListenFilter(JsonNode subscriptionId, boolean tools, boolean prompts, boolean resources) {

    static final String SUBSCRIPTION_ID_KEY = "io.modelcontextprotocol/subscriptionId";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The notifications a listen stream may carry, each with the filter flag it needs. */
    private static final Map<String, String> WANTS = Map.of(
            "notifications/tools/list_changed", "tools",
            "notifications/prompts/list_changed", "prompts",
            "notifications/resources/list_changed", "resources",
            "notifications/resources/updated", "updated");

    /** {@code message} as this stream carries it, or null when the client did not ask for it. */
    String deliver(String message) {
        ObjectNode parsed;
        try {
            parsed = JSON.readTree(message) instanceof ObjectNode object ? object : null;
        } catch (JacksonException e) {
            return null;
        }
        if (parsed == null || !wants(parsed.path("method").asString(""))) {
            return null;
        }
        return JSON.writeValueAsString(stamped(parsed));
    }

    private boolean wants(String method) {
        String flag = WANTS.get(method);
        if (flag == null) {
            return false;
        }
        return switch (flag) {
            case "tools" -> tools;
            case "prompts" -> prompts;
            case "resources" -> resources;
            default -> true;
        };
    }

    /** A notification or the final result with the subscription id in its {@code _meta}. */
    ObjectNode stamped(ObjectNode message) {
        String holder = message.has("result") ? "result" : "params";
        ObjectNode body = message.get(holder) instanceof ObjectNode existing ? existing : message.putObject(holder);
        ObjectNode meta = body.get("_meta") instanceof ObjectNode existing ? existing : body.putObject("_meta");
        meta.set(SUBSCRIPTION_ID_KEY, subscriptionId);
        return message;
    }
}
