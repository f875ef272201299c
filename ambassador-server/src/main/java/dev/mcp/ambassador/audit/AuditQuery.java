package dev.mcp.ambassador.audit;

import dev.mcp.ambassador.web.Problems;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The filters of {@code /v1/audit/events} and {@code /v1/audit/export}, checked and turned into
 * SQL. Rows come newest first; a cursor is the id of the last row of the previous page.
 *
 * @param type exact ({@code mcp.request}) or a prefix before a dot ({@code auth} for {@code auth.*})
 * @param user a user id, or a username
 * @param era {@code legacy} or {@code modern}: the protocol era of MCP request and result rows
 */
record AuditQuery(
        Instant from,
        Instant to,
        String user,
        String server,
        String tool,
        String type,
        String decision,
        String era,
        Long cursor) {

    private static final Set<String> ERAS = Set.of("legacy", "modern");

    static AuditQuery parse(
            String from,
            String to,
            String user,
            String server,
            String tool,
            String type,
            String decision,
            String era,
            String cursor) {
        return new AuditQuery(
                instant("from", from),
                instant("to", to),
                blankToNull(user),
                blankToNull(server),
                blankToNull(tool),
                blankToNull(type),
                blankToNull(decision),
                era(era),
                cursor(cursor));
    }

    /** Runs the query, handing each row (payload plus id and hashes) to {@code sink}, at most {@code limit}. */
    void run(JdbcClient jdbc, JsonMapper json, int limit, Consumer<ObjectNode> sink) {
        StringBuilder sql = new StringBuilder("select id, payload, prev_hash, hash from audit_events where true");
        List<Object> params = new ArrayList<>();
        if (from != null) {
            sql.append(" and at >= ?");
            params.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and at < ?");
            params.add(Timestamp.from(to));
        }
        if (user != null) {
            UUID id = uuidOrNull(user);
            if (id != null) {
                sql.append(" and user_id = ?");
                params.add(id);
            } else {
                sql.append(" and username = ?");
                params.add(user);
            }
        }
        if (server != null) {
            sql.append(" and server = ?");
            params.add(server);
        }
        if (tool != null) {
            sql.append(" and subject = ?");
            params.add(tool);
        }
        if (type != null) {
            sql.append(" and (type = ? or type like ?)");
            params.add(type);
            params.add(type.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ".%");
        }
        if (decision != null) {
            sql.append(" and decision = ?");
            params.add(decision);
        }
        if (era != null) {
            sql.append(" and payload::jsonb ->> 'era' = ?");
            params.add(era);
        }
        if (cursor != null) {
            sql.append(" and id < ?");
            params.add(cursor);
        }
        sql.append(" order by id desc limit ?");
        params.add(limit);
        jdbc.sql(sql.toString()).params(params).query(rs -> {
            ObjectNode event = json.createObjectNode().put("id", rs.getLong("id"));
            event.setAll((ObjectNode) json.readTree(rs.getString("payload")));
            event.put("prev_hash", rs.getString("prev_hash"));
            event.put("hash", rs.getString("hash"));
            sink.accept(event);
        });
    }

    AuditQuery after(long id) {
        return new AuditQuery(from, to, user, server, tool, type, decision, era, id);
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw Problems.invalidField(field, "is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static String era(String value) {
        String era = blankToNull(value);
        if (era != null && !ERAS.contains(era)) {
            throw Problems.invalidField("era", "use legacy or modern");
        }
        return era;
    }

    private static Long cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw Problems.invalidField("cursor", "is not a cursor this API returned");
        }
    }

    private static UUID uuidOrNull(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
