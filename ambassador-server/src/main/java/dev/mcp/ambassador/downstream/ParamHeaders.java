package dev.mcp.ambassador.downstream;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The {@code Mcp-Param-*} headers of a 2026-07-28 {@code tools/call}: a tool's input schema may
 * mark a property, reached from the root through {@code properties} alone, with {@code
 * x-mcp-header: Name}. Its argument then travels in an {@code Mcp-Param-Name} header too, which the
 * server checks against the body and refuses the call without. The ambassador checks what a
 * 2026-07-28 client sends it ({@link #mismatch}) and sends its own to the server ({@link #headers}).
 */
public final class ParamHeaders {

    static final String PREFIX = "Mcp-Param-";
    private static final String MARK = "x-mcp-header";
    private static final String BASE64_PREFIX = "=?base64?";
    private static final String BASE64_SUFFIX = "?=";
    private static final Pattern CANONICAL_BASE64 =
            Pattern.compile("^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$");

    /** One marked property: where it sits among the arguments, and its header's name. */
    public record Declaration(List<String> path, String header) {}

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

    /**
     * Why a client's call with {@code arguments} and the headers {@code header} finds (by name,
     * case-insensitively) disagree, or null when they agree: a marked argument with a value needs
     * its header, in plain or valid {@code =?base64?…?=} form, naming the same value.
     */
    public static String mismatch(List<Declaration> declarations, JsonNode arguments, UnaryOperator<String> header) {
        for (Declaration declaration : declarations) {
            JsonNode value = arguments;
            for (String step : declaration.path()) {
                value = value == null ? null : value.get(step);
            }
            String body = text(value);
            if (body == null) {
                continue;
            }
            String name = PREFIX + declaration.header();
            String sent = header.apply(name);
            if (sent == null) {
                return "the " + name + " header is missing but the body has " + String.join(".", declaration.path());
            }
            String decoded = decode(sent.strip());
            if (decoded == null) {
                return "the " + name + " header is not valid Base64";
            }
            if (!decoded.equals(body) && !sameNumber(value, decoded)) {
                return "the " + name + " header does not match " + String.join(".", declaration.path());
            }
        }
        return null;
    }

    private static boolean sameNumber(JsonNode value, String decoded) {
        if (!value.isNumber()) {
            return false;
        }
        try {
            return new BigDecimal(decoded).compareTo(value.decimalValue()) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String decode(String value) {
        if (!value.startsWith(BASE64_PREFIX) || !value.endsWith(BASE64_SUFFIX) || value.length() < 11) {
            return value;
        }
        String encoded = value.substring(BASE64_PREFIX.length(), value.length() - BASE64_SUFFIX.length());
        if (!CANONICAL_BASE64.matcher(encoded).matches()) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
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
