package dev.mcp.ambassador.audit;

import dev.mcp.ambassador.redaction.Redactor;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records every security event twice: one line in the {@code dev.mcp.ambassador.security} log,
 * with every value redacted and escaped (a username tried at login may hold CR/LF), and one row
 * ({@code auth.<event>}) in the audit trail.
 */
@Component
class RecordedSecurityEvents implements SecurityEvents {

    private static final Logger log = LoggerFactory.getLogger("dev.mcp.ambassador.security");

    private final AuditTrail trail;
    private final Redactor redactor;

    RecordedSecurityEvents(AuditTrail trail, Redactor redactor) {
        this.trail = trail;
        this.redactor = redactor;
    }

    @Override
    public void record(SecurityEvent event) {
        log.info(
                "security event={} user={} subject={} client={} reason={}",
                event.type(),
                event.userId(),
                redactor.forLog(event.subject()),
                redactor.forLog(event.clientAddress()),
                redactor.forLog(event.reason()));
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        if (event.reason() != null) {
            detail.put("reason", event.reason());
        }
        String type = event.type().name().toLowerCase(Locale.ROOT);
        try {
            trail.append(new AuditRecord(
                    "auth." + type,
                    event.at(),
                    event.userId(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    event.clientAddress(),
                    null,
                    null,
                    event.subject(),
                    null,
                    decision(event.type()),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    detail.isEmpty() ? null : detail));
        } catch (RuntimeException e) {
            // Authentication does not wait on the audit trail; the log line above still stands.
            log.error("Could not record security event {} in the audit trail", event.type());
        }
    }

    private static String decision(SecurityEvent.Type type) {
        return switch (type) {
            case LOGIN_FAILED,
                    LOGIN_THROTTLED,
                    REGISTRATION_FAILED,
                    REGISTRATION_THROTTLED,
                    SESSION_TOKEN_REFUSED,
                    API_KEY_REFUSED -> "denied";
            case LOGIN_SUCCEEDED, REGISTRATION_SUCCEEDED -> "allowed";
            default -> null;
        };
    }
}
