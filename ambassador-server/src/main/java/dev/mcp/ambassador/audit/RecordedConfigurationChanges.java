package dev.mcp.ambassador.audit;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records configuration changes in the audit trail ({@code config.<action>}) with the acting
 * principal and the before and after views, redacted. Throws when the row cannot be committed, so
 * a caller that records inside its transaction has the change rolled back.
 */
@Component
class RecordedConfigurationChanges implements ConfigurationChanges {

    private final AuditTrail trail;
    private final JsonMapper json;

    RecordedConfigurationChanges(AuditTrail trail, JsonMapper json) {
        this.trail = trail;
        this.json = json;
    }

    @Override
    public void record(String action, String target, Object before, Object after) {
        ObjectNode detail = json.createObjectNode();
        detail.set("before", before == null ? null : json.valueToTree(before));
        detail.set("after", after == null ? null : json.valueToTree(after));
        trail.append(new AuditRecord(
                "config." + action,
                null,
                null,
                Actors.current(),
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
    }
}
