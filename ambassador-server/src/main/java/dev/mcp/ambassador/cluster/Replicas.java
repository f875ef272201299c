package dev.mcp.ambassador.cluster;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The replicas serving this installation, as rows in {@code replicas}: this one writes its row at
 * start and every {@code heartbeat-every} with how many MCP sessions and downstream processes it
 * holds, removes rows not written for {@code replica-expiry}, and removes its own when it stops.
 * Features say what to count through {@link #measure}; this class knows none of them.
 */
@Component
public class Replicas implements SmartLifecycle {

    /** Counted and shown for every replica. */
    public enum Measure {
        SESSIONS,
        PROCESSES
    }

    /** One replica as admins see it; {@code self} marks the one that answered. */
    public record Replica(
            UUID id,
            String address,
            String version,
            Instant startedAt,
            Instant lastSeen,
            int sessions,
            int processes,
            boolean self) {}

    private static final Logger log = LoggerFactory.getLogger(Replicas.class);

    private final JdbcClient jdbc;
    private final ReplicaIdentity identity;
    private final ClusterProperties properties;
    private final Clock clock;
    private final Map<Measure, IntSupplier> measures = new ConcurrentHashMap<>();
    private ScheduledExecutorService heartbeat;
    private volatile boolean running;

    Replicas(JdbcClient jdbc, ReplicaIdentity identity, ClusterProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.properties = properties;
        this.clock = clock;
    }

    public void measure(Measure measure, IntSupplier supplier) {
        measures.put(measure, supplier);
    }

    /** Every replica seen within the expiry, oldest first. */
    public List<Replica> list() {
        return jdbc.sql("select id, address, version, started_at, last_seen, sessions, processes from replicas"
                        + " where last_seen > ? order by started_at, id")
                .param(Timestamp.from(clock.instant().minus(properties.replicaExpiry())))
                .query((rs, row) -> new Replica(
                        rs.getObject("id", UUID.class),
                        rs.getString("address"),
                        rs.getString("version"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("last_seen").toInstant(),
                        rs.getInt("sessions"),
                        rs.getInt("processes"),
                        identity.id().equals(rs.getObject("id", UUID.class))))
                .list();
    }

    /** The address of replica {@code id} while its heartbeat is fresh; empty once it is not. */
    public Optional<String> address(UUID id) {
        return jdbc.sql("select address from replicas where id = ? and last_seen > ?")
                .params(id, Timestamp.from(clock.instant().minus(properties.replicaExpiry())))
                .query(String.class)
                .optional();
    }

    void beat() {
        Instant now = clock.instant();
        jdbc.sql("insert into replicas (id, address, version, started_at, last_seen, sessions, processes)"
                        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (id) do update set address = excluded.address,"
                        + " last_seen = excluded.last_seen, sessions = excluded.sessions,"
                        + " processes = excluded.processes")
                .params(
                        identity.id(),
                        identity.address(),
                        identity.version(),
                        Timestamp.from(identity.startedAt()),
                        Timestamp.from(now),
                        count(Measure.SESSIONS),
                        count(Measure.PROCESSES))
                .update();
        jdbc.sql("delete from replicas where last_seen < ?")
                .param(Timestamp.from(now.minus(properties.replicaExpiry())))
                .update();
    }

    private int count(Measure measure) {
        IntSupplier supplier = measures.get(measure);
        return supplier == null ? 0 : supplier.getAsInt();
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            log.warn(
                    "Could not write this replica's heartbeat: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        heartbeat = Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().name("replica-heartbeat").daemon().unstarted(task));
        long every = properties.heartbeatEvery().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beatQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        heartbeat.shutdownNow();
        try {
            jdbc.sql("delete from replicas where id = ?").param(identity.id()).update();
        } catch (RuntimeException e) {
            log.debug("Could not remove this replica's row: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
