package dev.mcp.ambassador.audit;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes audit rows with group commit: callers put their row on one bounded queue and wait; one
 * writer thread takes whatever has queued up, appends it to the hash chain in one transaction and
 * then tells every caller of that batch its row's id. So durability costs one commit per batch,
 * not per row, and the order of the chain is the order of the queue.
 *
 * <p>Every batch takes a PostgreSQL advisory lock and reads the last row before it appends, so
 * several replicas writing to one database still build one chain.
 *
 * <p>Fails closed: when the queue is full, or the batch cannot be committed in time, the caller
 * gets an {@link AuditUnavailableException} and must not do what it wanted to record. The writer
 * keeps trying with the next batch, so recording resumes by itself when the database is back.
 */
@Component
class AuditWriter implements DisposableBean {

    /** Serialises appends across replicas; an arbitrary constant only the audit trail uses. */
    static final long CHAIN_LOCK = 0x61756469745f6c6bL;

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);

    private record Pending(AuditRecord record, CompletableFuture<Long> written) {}

    private final BlockingQueue<Pending> queue;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final int batchSize;
    private final Duration writeTimeout;
    private final Thread writer;
    private volatile boolean running = true;

    AuditWriter(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, AuditProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        AuditProperties audit = properties;
        this.queue = new ArrayBlockingQueue<>(audit.queueCapacity());
        this.batchSize = audit.batchSize();
        this.writeTimeout = audit.writeTimeout();
        this.writer = Thread.ofPlatform().name("audit-writer").daemon().start(this::run);
    }

    /**
     * Appends {@code record} to the chain and returns its id once it is committed.
     *
     * @throws AuditUnavailableException when it could not be committed within the write timeout
     */
    long append(AuditRecord record) {
        Pending pending = new Pending(record, new CompletableFuture<>());
        try {
            if (!running || !queue.offer(pending, writeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AuditUnavailableException("The audit queue is full.");
            }
            return pending.written().get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailableException("Interrupted while recording.");
        } catch (TimeoutException e) {
            // If the batch commits later, the row is there although its caller gave up: the trail
            // may show a request as started that was never forwarded, never the other way round.
            pending.written().cancel(false);
            throw new AuditUnavailableException("The audit trail did not commit in time.");
        } catch (ExecutionException e) {
            throw new AuditUnavailableException("The audit trail could not be written.");
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            List<Pending> batch = new ArrayList<>(batchSize);
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                // Callers that gave up are not written: they were told their request was refused.
                batch.removeIf(pending -> pending.written().isDone());
                if (batch.isEmpty()) {
                    continue;
                }
                List<Long> ids = write(batch);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).written().complete(ids.get(i));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                batch.forEach(pending -> pending.written().completeExceptionally(e));
                return;
            } catch (RuntimeException e) {
                log.error(
                        "Could not write {} audit rows: {}",
                        batch.size(),
                        e.getClass().getName());
                batch.forEach(pending -> pending.written().completeExceptionally(e));
            }
        }
    }

    private List<Long> write(List<Pending> batch) {
        return transactions.execute(status -> {
            jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, CHAIN_LOCK);
            Tail tail = tail();
            long id = tail.nextId();
            String previous = tail.previousHash();
            List<Object[]> rows = new ArrayList<>(batch.size());
            List<Long> ids = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                AuditRecord record = pending.record();
                String payload = AuditPayload.of(record, json);
                String hash = AuditChain.hash(previous, id, payload);
                rows.add(new Object[] {
                    id,
                    Timestamp.from(record.at()),
                    record.type(),
                    record.userId(),
                    record.username(),
                    record.server(),
                    record.subject(),
                    record.decision(),
                    record.requestId(),
                    payload,
                    previous,
                    hash
                });
                ids.add(id);
                previous = hash;
                id++;
            }
            jdbc.batchUpdate(
                    "insert into audit_events (id, at, type, user_id, username, server, subject, decision, request_id,"
                            + " payload, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows);
            return ids;
        });
    }

    private record Tail(long nextId, String previousHash) {}

    /** Where the next row goes: after the last row, or where the anchor says the chain starts. */
    private Tail tail() {
        List<Tail> last = jdbc.query(
                "select id, hash from audit_events order by id desc limit 1",
                (rs, row) -> new Tail(rs.getLong("id") + 1, rs.getString("hash")));
        if (!last.isEmpty()) {
            return last.getFirst();
        }
        return jdbc.queryForObject(
                "select first_id, prev_hash from audit_anchor",
                (rs, row) -> new Tail(rs.getLong("first_id"), rs.getString("prev_hash")));
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        writer.join(writeTimeout.toMillis() * 2);
    }
}
