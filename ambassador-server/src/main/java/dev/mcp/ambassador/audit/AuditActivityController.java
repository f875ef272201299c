package dev.mcp.ambassador.audit;

import dev.mcp.ambassador.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/activity}: MCP calls and refusals per minute over the last minutes, and
 * refusals by the stage that refused them, counted from the audit trail (role ADMIN).
 */
@RestController
class AuditActivityController {

    static final int MAX_MINUTES = 24 * 60;

    /** A refusal is a request refused before it ran, or a call stopped while it ran. */
    private static final String REFUSED =
            "((type = 'mcp.request' and decision = 'denied')" + " or (type = 'mcp.result' and decision = 'refused'))";

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditActivityController(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record Minute(Instant minute, long calls, long refused) {}

    record Reason(String reason, long count) {}

    record Activity(Instant from, Instant to, List<Minute> perMinute, List<Reason> refusalsByReason) {}

    @GetMapping("/v1/admin/activity")
    Activity activity(@RequestParam(defaultValue = "60") int minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw Problems.invalidField("minutes", "must be between 1 and " + MAX_MINUTES);
        }
        Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant from = to.minus(minutes, ChronoUnit.MINUTES);
        Map<Instant, Minute> counted = new HashMap<>();
        jdbc.sql("select date_trunc('minute', at) as minute,"
                        + " count(*) filter (where type = 'mcp.request') as calls,"
                        + " count(*) filter (where " + REFUSED + ") as refused"
                        + " from audit_events where at >= ? and at < ? group by 1")
                .params(java.sql.Timestamp.from(from), java.sql.Timestamp.from(to))
                .query((rs, row) ->
                        new Minute(rs.getTimestamp("minute").toInstant(), rs.getLong("calls"), rs.getLong("refused")))
                .list()
                .forEach(minute -> counted.put(minute.minute(), minute));
        List<Minute> perMinute = new ArrayList<>(minutes);
        for (Instant at = from; at.isBefore(to); at = at.plus(1, ChronoUnit.MINUTES)) {
            perMinute.add(counted.getOrDefault(at, new Minute(at, 0, 0)));
        }
        List<Reason> reasons = jdbc.sql("select coalesce(payload::jsonb ->> 'stage', 'unknown') as reason,"
                        + " count(*) as n from audit_events where at >= ? and at < ? and " + REFUSED
                        + " group by 1 order by 2 desc, 1")
                .params(java.sql.Timestamp.from(from), java.sql.Timestamp.from(to))
                .query((rs, row) -> new Reason(rs.getString("reason"), rs.getLong("n")))
                .list();
        return new Activity(from, to, perMinute, reasons);
    }
}
