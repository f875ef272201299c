package dev.mcp.ambassador.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A record as the text its hash covers: JSON with the fields in one fixed order, nulls left out.
 * The columns kept beside it for filtering are read from the same record, and {@link #agrees}
 * tells whether a row's columns still say what its payload says.
 */
final class AuditPayload {

    private AuditPayload() {}

    static String of(AuditRecord record, JsonMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("type", record.type());
        node.put("at", record.at().toString());
        putIfSet(node, "user_id", record.userId());
        putIfSet(node, "username", record.username());
        putIfSet(node, "key_id", record.keyId());
        putIfSet(node, "session_id", record.sessionId());
        putIfSet(node, "mcp_session_id", record.mcpSessionId());
        putIfSet(node, "era", record.era());
        putIfSet(node, "protocol_version", record.protocolVersion());
        putIfSet(node, "client_name", record.clientName());
        putIfSet(node, "client_address", record.clientAddress());
        putIfSet(node, "server", record.server());
        putIfSet(node, "kind", record.kind());
        putIfSet(node, "subject", record.subject());
        if (record.arguments() != null) {
            node.set("arguments", record.arguments());
        }
        putIfSet(node, "decision", record.decision());
        putIfSet(node, "stage", record.stage());
        if (record.requestId() != null) {
            node.put("request_id", record.requestId());
        }
        putIfSet(node, "status", record.status());
        if (record.isError() != null) {
            node.put("is_error", record.isError());
        }
        if (record.durationMs() != null) {
            node.put("duration_ms", record.durationMs());
        }
        if (record.bytes() != null) {
            node.put("bytes", record.bytes());
        }
        if (record.detail() != null) {
            node.set("detail", record.detail());
        }
        return json.writeValueAsString(node);
    }

    /** True when the filter columns of a row equal the fields of its payload. */
    static boolean agrees(
            JsonNode payload,
            Instant at,
            String type,
            UUID userId,
            String username,
            String server,
            String subject,
            String decision,
            Long requestId) {
        return Objects.equals(text(payload, "type"), type)
                && Objects.equals(text(payload, "at"), at == null ? null : at.toString())
                && Objects.equals(text(payload, "user_id"), userId == null ? null : userId.toString())
                && Objects.equals(text(payload, "username"), username)
                && Objects.equals(text(payload, "server"), server)
                && Objects.equals(text(payload, "subject"), subject)
                && Objects.equals(text(payload, "decision"), decision)
                && Objects.equals(
                        payload.has("request_id") ? payload.get("request_id").asLong() : null, requestId);
    }

    private static String text(JsonNode payload, String field) {
        return payload.has(field) ? payload.get(field).asString() : null;
    }

    private static void putIfSet(ObjectNode node, String field, Object value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }
}
