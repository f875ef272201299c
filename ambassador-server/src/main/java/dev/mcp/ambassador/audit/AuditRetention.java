package dev.mcp.ambassador.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Deletes audit rows older than {@code ambassador.audit.retention}, hourly, and moves the chain's
 * anchor to the oldest row kept in the same transaction, so the rows that remain still verify.
 * The newest row is always kept: the next row chains to it. Each purge is itself recorded.
 */
@Component
class AuditRetention implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditRetention.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditTrail trail;
    private final Clock clock;
    private final Duration retention;
    private final ScheduledExecutorService schedule;

    AuditRetention(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            AuditTrail trail,
            Clock clock,
            AuditProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.trail = trail;
        this.clock = clock;
        this.retention = properties.retention();
        if (retention == null) {
            schedule = null;
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("audit-retention").daemon().factory());
        schedule.scheduleWithFixedDelay(this::purgeQuietly, 1, 60, TimeUnit.MINUTES);
    }

    private void purgeQuietly() {
        try {
            purgeBefore(clock.instant().minus(retention));
        } catch (RuntimeException e) {
            log.error("Audit retention could not run: {}", e.getClass().getName());
        }
    }

    /** Deletes the rows before {@code cutoff} but the newest; returns how many were deleted. */
    long purgeBefore(Instant cutoff) {
        Long deleted = transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(?)")
                    .param(AuditWriter.CHAIN_LOCK)
                    .query(Object.class)
                    .single();
            record Kept(long id, String prevHash) {}
            List<Kept> first = jdbc.sql("select id, prev_hash from audit_events where at >= ?"
                            + " or id = (select max(id) from audit_events) order by id limit 1")
                    .param(Timestamp.from(cutoff))
                    .query((rs, row) -> new Kept(rs.getLong("id"), rs.getString("prev_hash")))
                    .list();
            if (first.isEmpty()) {
                return 0L;
            }
            long count = jdbc.sql("delete from audit_events where id < ?")
                    .param(first.getFirst().id())
                    .update();
            jdbc.sql("update audit_anchor set first_id = ?, prev_hash = ?, updated_at = now()")
                    .params(first.getFirst().id(), first.getFirst().prevHash())
                    .update();
            return count;
        });
        if (deleted != null && deleted > 0) {
            trail.append(new AuditRecord(
                    "audit.retention",
                    null,
                    null,
                    "system",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("deleted", deleted)
                            .put("before", cutoff.toString())));
        }
        return deleted == null ? 0 : deleted;
    }

    @Override
    public void destroy() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
