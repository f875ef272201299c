package dev.mcp.ambassador.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Walks the chain from its anchor and names the first row that does not hold: an id out of
 * sequence (a row deleted or inserted), a previous hash that is not the row before's, a hash that
 * does not match the payload, or filter columns that no longer agree with the payload. Deleting
 * the newest rows cannot be told from their never having been written; anything else can.
 */
@Component
class AuditVerifier {

    private static final int PAGE = 1_000;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditVerifier(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The outcome of a check: {@code firstBrokenId} is null when the chain holds. */
    record Verification(boolean ok, long checked, Long firstBrokenId) {}

    private record Row(
            long id,
            Instant at,
            String type,
            UUID userId,
            String username,
            String server,
            String subject,
            String decision,
            Long requestId,
            String payload,
            String prevHash,
            String hash) {}

    Verification verify() {
        record Anchor(long firstId, String prevHash) {}
        Anchor anchor = jdbc.sql("select first_id, prev_hash from audit_anchor")
                .query((rs, row) -> new Anchor(rs.getLong("first_id"), rs.getString("prev_hash")))
                .single();
        long expectedId = anchor.firstId();
        String previous = anchor.prevHash();
        long checked = 0;
        long after = Long.MIN_VALUE;
        while (true) {
            List<Row> page = jdbc.sql("select id, at, type, user_id, username, server, subject, decision, request_id,"
                            + " payload, prev_hash, hash from audit_events where id > ? order by id limit ?")
                    .params(after, PAGE)
                    .query((rs, row) -> new Row(
                            rs.getLong("id"),
                            rs.getTimestamp("at").toInstant(),
                            rs.getString("type"),
                            rs.getObject("user_id", UUID.class),
                            rs.getString("username"),
                            rs.getString("server"),
                            rs.getString("subject"),
                            rs.getString("decision"),
                            rs.getObject("request_id", Long.class),
                            rs.getString("payload"),
                            rs.getString("prev_hash"),
                            rs.getString("hash")))
                    .list();
            if (page.isEmpty()) {
                return new Verification(true, checked, null);
            }
            for (Row row : page) {
                if (!holds(row, expectedId, previous)) {
                    return new Verification(false, checked, row.id());
                }
                checked++;
                expectedId = row.id() + 1;
                previous = row.hash();
                after = row.id();
            }
        }
    }

    private boolean holds(Row row, long expectedId, String previous) {
        if (row.id() != expectedId
                || !row.prevHash().equals(previous)
                || !AuditChain.hash(previous, row.id(), row.payload()).equals(row.hash())) {
            return false;
        }
        JsonNode payload;
        try {
            payload = json.readTree(row.payload());
        } catch (RuntimeException e) {
            return false;
        }
        return AuditPayload.agrees(
                payload,
                row.at(),
                row.type(),
                row.userId(),
                row.username(),
                row.server(),
                row.subject(),
                row.decision(),
                row.requestId());
    }
}
