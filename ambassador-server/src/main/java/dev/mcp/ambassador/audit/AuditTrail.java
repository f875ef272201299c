package dev.mcp.ambassador.audit;

import dev.mcp.ambassador.redaction.Redactor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The durable, hash-chained audit trail. Whatever is appended passes the {@link Redactor} first,
 * and arguments larger than the configured cap are kept as their size and SHA-256 only. {@link
 * #append} returns once the row is committed, or throws.
 */
@Component
public class AuditTrail {

    private final AuditWriter writer;
    private final Redactor redactor;
    private final JsonMapper json;
    private final Clock clock;
    private final int maxArgumentBytes;

    AuditTrail(AuditWriter writer, Redactor redactor, JsonMapper json, Clock clock, AuditProperties properties) {
        this.writer = writer;
        this.redactor = redactor;
        this.json = json;
        this.clock = clock;
        this.maxArgumentBytes = properties.maxArgumentBytes();
    }

    /**
     * Records {@code record} durably and returns its id. Its time is set to now when null.
     *
     * @throws AuditUnavailableException when it could not be committed; whatever it records must
     *     then not happen
     */
    public long append(AuditRecord record) {
        return writer.append(sanitized(record));
    }

    private AuditRecord sanitized(AuditRecord r) {
        return new AuditRecord(
                r.type(),
                (r.at() == null ? clock.instant() : r.at()).truncatedTo(ChronoUnit.MICROS),
                r.userId(),
                redactor.text(r.username()),
                r.keyId(),
                r.sessionId(),
                redactor.text(r.mcpSessionId()),
                r.era(),
                r.protocolVersion(),
                redactor.text(r.clientName()),
                r.clientAddress(),
                r.server(),
                r.kind(),
                redactor.text(r.subject()),
                capped(redactor.json(r.arguments())),
                r.decision(),
                r.stage(),
                r.requestId(),
                r.status(),
                r.isError(),
                r.durationMs(),
                r.bytes(),
                redactor.json(r.detail()));
    }

    private JsonNode capped(JsonNode arguments) {
        if (arguments == null || arguments.isMissingNode() || arguments.isNull()) {
            return null;
        }
        byte[] bytes = json.writeValueAsBytes(arguments);
        if (bytes.length <= maxArgumentBytes) {
            return arguments;
        }
        ObjectNode summary = json.createObjectNode();
        summary.put("truncated", true);
        summary.put("bytes", bytes.length);
        summary.put("sha256", sha256(bytes));
        return summary;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The UTF-8 size of {@code node} as JSON, for the bytes a result carried. */
    long sizeOf(JsonNode node) {
        return node == null ? 0 : json.writeValueAsString(node).getBytes(StandardCharsets.UTF_8).length;
    }
}
