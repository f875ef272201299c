package dev.mcp.ambassador.mcp;

import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The MCP protocol versions the ambassador serves, and how it refuses any other. Versions from
 * 2026-07-28 on are the modern era (every request carries its version in {@code _meta}); earlier
 * ones are the legacy era ({@code initialize} and {@code Mcp-Session-Id}).
 */
final class ProtocolVersions {

    static final String MODERN = "2026-07-28";

    /** Legacy versions, newest first: {@code initialize} falls back to the first. */
    static final List<String> LEGACY = List.of("2025-11-25", "2025-06-18", "2025-03-26");

    /** Every version served, newest first, as {@code server/discover} and -32022 list them. */
    static final List<String> ALL =
            Stream.concat(Stream.of(MODERN), LEGACY.stream()).toList();

    /** UnsupportedProtocolVersionError (2026-07-28). */
    static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    /** HeaderMismatchError (2026-07-28): mirrored headers missing, malformed, or unlike the body. */
    static final int HEADER_MISMATCH = -32020;

    /** MissingRequiredClientCapabilityError (2026-07-28): answered with HTTP 400. */
    static final int MISSING_CLIENT_CAPABILITY = -32021;

    private ProtocolVersions() {}

    static boolean supported(String version) {
        return ALL.contains(version);
    }

    /** Whether a version names the modern era; dates compare as strings. */
    static boolean modern(String version) {
        return version.compareTo(MODERN) >= 0;
    }

    /**
     * The refusal of an unsupported version, readable by both eras: a modern client finds the code
     * and {@code data.supported} to retry with; a legacy client, which only expects 400, finds the
     * list in the message too.
     */
    static ObjectNode unsupported(JsonNode id, String requested) {
        ObjectNode error = JsonNodeFactory.instance
                .objectNode()
                .put("code", UNSUPPORTED_PROTOCOL_VERSION)
                .put("message", "Unsupported protocol version; supported: " + ALL + ".");
        ObjectNode data = error.putObject("data");
        ALL.forEach(data.putArray("supported")::add);
        if (requested != null) {
            data.put("requested", requested);
        }
        return JsonRpc.error(id, error);
    }

    /** The error for a request that needs {@code capability}, which the client did not declare. */
    static ObjectNode missingCapability(String capability, String method) {
        ObjectNode error = JsonNodeFactory.instance
                .objectNode()
                .put("code", MISSING_CLIENT_CAPABILITY)
                .put("message", "The client does not support " + method + ": it did not declare " + capability + ".");
        error.putObject("data").putObject("requiredCapabilities").putObject(capability);
        return error;
    }

    static ObjectNode headerMismatch(JsonNode id, String why) {
        return JsonRpc.error(id, HEADER_MISMATCH, "Header mismatch: " + why + ".");
    }
}
