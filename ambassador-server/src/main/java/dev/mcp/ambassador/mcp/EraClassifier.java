package dev.mcp.ambassador.mcp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides, per POST, which protocol era a message belongs to, as the 2026-07-28 specification
 * asks of a dual-era server: a request whose {@code params._meta} names a protocol version is
 * modern and served without a session; {@code initialize} and everything without that claim is
 * legacy. The {@code MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} headers are
 * cross-checked against the body, so that nothing in front of the ambassador that routes or
 * limits by header can be told one thing while the ambassador executes another.
 */
final class EraClassifier {

    static final String PROTOCOL_VERSION_KEY = "io.modelcontextprotocol/protocolVersion";
    static final String CLIENT_CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities";
    static final String CLIENT_INFO_KEY = "io.modelcontextprotocol/clientInfo";
    static final String LOG_LEVEL_KEY = "io.modelcontextprotocol/logLevel";

    /** The body field the {@code Mcp-Name} header mirrors, per method that needs one. */
    private static final Map<String, String> NAME_SOURCE =
            Map.of("tools/call", "name", "prompts/get", "name", "resources/read", "uri");

    private static final String BASE64_PREFIX = "=?base64?";
    private static final String BASE64_SUFFIX = "?=";

    /** The outcome for one message. */
    sealed interface Era {}

    /** Served as before: {@code initialize}, then {@code Mcp-Session-Id}. */
    record Legacy() implements Era {}

    /** Served statelessly; {@code meta} is the request's {@code _meta} envelope. */
    record Modern(String version, ObjectNode meta) implements Era {}

    /** Refused before anything else happens, with this status and JSON-RPC error. */
    record Refused(HttpStatus status, ObjectNode response) implements Era {}

    /** The mirrored request headers, as sent (null when absent). */
    record Headers(String protocolVersion, String method, String name) {}

    private EraClassifier() {}

    static Era classify(JsonNode message, Headers headers) {
        JsonNode id = message.get("id");
        String headerVersion = trim(headers.protocolVersion());
        if (headerVersion != null && !ProtocolVersions.supported(headerVersion)) {
            return new Refused(HttpStatus.BAD_REQUEST, ProtocolVersions.unsupported(id, headerVersion));
        }
        String method =
                message.path("method").isString() ? message.get("method").asString() : null;
        if (method == null) {
            // A client's answer to a relayed request: only the legacy era has those.
            return new Legacy();
        }
        boolean headerModern = headerVersion != null && ProtocolVersions.modern(headerVersion);
        JsonNode meta = message.path("params").path("_meta");
        boolean claim = meta.isObject() && meta.has(PROTOCOL_VERSION_KEY);
        if (!claim) {
            if (method.equals("initialize") && headerModern) {
                return mismatch(
                        id, "initialize is the legacy handshake but MCP-Protocol-Version names " + headerVersion);
            }
            if (headerModern && id != null) {
                return invalidEnvelope(id, "the request has no _meta." + PROTOCOL_VERSION_KEY);
            }
            return headerModern ? new Modern(headerVersion, null) : new Legacy();
        }
        JsonNode claimed = meta.get(PROTOCOL_VERSION_KEY);
        if (!claimed.isString()) {
            return invalidEnvelope(id, "_meta." + PROTOCOL_VERSION_KEY + " must be a string");
        }
        String version = claimed.asString();
        // The header, already known to be supported, disagreeing with the body is the mismatch,
        // whatever the body names: which of the two the client meant is not ours to guess.
        if (headerVersion != null && !headerVersion.equals(version)) {
            return mismatch(id, "MCP-Protocol-Version is " + headerVersion + " but _meta names " + version);
        }
        if (!ProtocolVersions.supported(version) || !ProtocolVersions.modern(version)) {
            // Only modern versions travel in _meta; a legacy client says its version at initialize.
            return new Refused(HttpStatus.BAD_REQUEST, ProtocolVersions.unsupported(id, version));
        }
        String headerMethod = trim(headers.method());
        if (headerMethod != null && !headerMethod.equals(method)) {
            return mismatch(id, "Mcp-Method is " + headerMethod + " but the body's method is " + method);
        }
        if (id == null) {
            return new Modern(version, (ObjectNode) meta);
        }
        if (!meta.path(CLIENT_CAPABILITIES_KEY).isObject()) {
            return invalidEnvelope(id, "_meta." + CLIENT_CAPABILITIES_KEY + " must be an object");
        }
        if (headerVersion == null) {
            return mismatch(id, "the MCP-Protocol-Version header is missing");
        }
        if (headerMethod == null) {
            return mismatch(id, "the Mcp-Method header is missing");
        }
        Refused name = nameMismatch(id, method, message.path("params"), headers.name());
        return name != null ? name : new Modern(version, (ObjectNode) meta);
    }

    private static Refused nameMismatch(JsonNode id, String method, JsonNode params, String header) {
        String field = NAME_SOURCE.get(method);
        if (field == null) {
            return null;
        }
        JsonNode body = params.path(field);
        String raw = trim(header);
        if (raw == null) {
            return body.isString() ? mismatch(id, "the Mcp-Name header is missing") : null;
        }
        String decoded = decode(raw);
        if (decoded == null) {
            return mismatch(id, "the Mcp-Name header is not a valid header value");
        }
        if (body.isString() && !body.asString().equals(decoded)) {
            return mismatch(id, "Mcp-Name does not match params." + field);
        }
        return null;
    }

    /** A header value as sent, or its Base64 sentinel form decoded; null when malformed. */
    static String decode(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c > 0x7e)) {
                return null;
            }
        }
        if (!value.startsWith(BASE64_PREFIX) || !value.endsWith(BASE64_SUFFIX)) {
            return value;
        }
        try {
            byte[] bytes = Base64.getDecoder()
                    .decode(value.substring(BASE64_PREFIX.length(), value.length() - BASE64_SUFFIX.length()));
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        }
    }

    private static Refused mismatch(JsonNode id, String why) {
        return new Refused(HttpStatus.BAD_REQUEST, ProtocolVersions.headerMismatch(id, why));
    }

    private static Refused invalidEnvelope(JsonNode id, String why) {
        return new Refused(
                HttpStatus.BAD_REQUEST, JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "Invalid params: " + why + "."));
    }

    private static String trim(String header) {
        return header == null ? null : header.strip();
    }
}
