package dev.mcp.ambassador.downstream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The {@code Mcp-Param-*} headers of a 2026-07-28 {@code tools/call}: a tool's input schema may
 * mark a property, reached from the root through {@code properties} alone, with {@code
 * x-mcp-header: Name}. Its argument then travels in an {@code Mcp-Param-Name} header too, which the
 * server checks against the body and refuses the call without.
 */
final class ParamHeaders {

    static final String PREFIX = "Mcp-Param-";
    private static final String MARK = "x-mcp-header";

    /** One marked property: where it sits among the arguments, and its header's name. */
    record Declaration(List<String> path, String header) {}

    private ParamHeaders() {}

    /** The marked properties of {@code inputSchema}; none for a schema without marks. */
    static List<Declaration> declarations(JsonNode inputSchema) {
        List<Declaration> found = new ArrayList<>();
        collect(inputSchema, new ArrayList<>(), found);
        return List.copyOf(found);
    }

    private static void collect(JsonNode schema, List<String> path, List<Declaration> found) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        JsonNode mark = schema.get(MARK);
        if (!path.isEmpty()
                && mark != null
                && mark.isString()
                && !mark.asString().isEmpty()) {
            found.add(new Declaration(List.copyOf(path), mark.asString()));
        }
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            path.add(property.getKey());
            collect(property.getValue(), path, found);
            path.removeLast();
        }
    }

    /**
     * The headers for a call with {@code arguments}: one per marked property the arguments give a
     * string, boolean or number, in the header form {@link ModernEnvelope#headerValue} makes.
     */
    static Map<String, String> headers(List<Declaration> declarations, JsonNode arguments) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Declaration declaration : declarations) {
            JsonNode value = arguments;
            for (String step : declaration.path()) {
                value = value == null ? null : value.get(step);
            }
            String text = text(value);
            if (text != null) {
                headers.put(PREFIX + declaration.header(), ModernEnvelope.headerValue(text));
            }
        }
        return headers;
    }

    private static String text(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isString()) {
            return value.asString();
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.asBoolean());
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        if (value.isNumber()) {
            return value.numberValue().toString();
        }
        return null;
    }
}
