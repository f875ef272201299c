package dev.mcp.ambassador.audit;

import dev.mcp.ambassador.redaction.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records configuration changes in the audit trail ({@code config.<action>}) with the acting
 * principal and the before and after views, redacted, and writes one escaped line to the {@code
 * dev.mcp.ambassador.security} log. Throws when the row cannot be committed, so a caller that
 * records inside its transaction has the change rolled back.
 */
@Component
class RecordedConfigurationChanges implements ConfigurationChanges {

    private static final Logger log = LoggerFactory.getLogger("dev.mcp.ambassador.security");

    private final AuditTrail trail;
    private final JsonMapper json;
    private final Redactor redactor;

    RecordedConfigurationChanges(AuditTrail trail, JsonMapper json, Redactor redactor) {
        this.trail = trail;
        this.json = json;
        this.redactor = redactor;
    }

    @Override
    public void record(String action, String target, Object before, Object after) {
        String actor = Actors.current();
        ObjectNode detail = json.createObjectNode();
        detail.set("before", before == null ? null : json.valueToTree(before));
        detail.set("after", after == null ? null : json.valueToTree(after));
        trail.append(new AuditRecord(
                "config." + action,
                null,
                null,
                actor,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                target,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                detail));
        log.info(
                "configuration change action={} target={} by={}",
                redactor.forLog(action),
                redactor.forLog(target),
                redactor.forLog(actor));
    }
}
