package dev.mcp.ambassador.session;

import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.Topic;
import dev.mcp.ambassador.config.AmbassadorProperties;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What no session token may do any more, held in memory so that checking a token needs no
 * database: revoked sessions, revoked preshared keys, and users who are suspended or deleted.
 * Revocations made by this server apply at once; those made by another replica are re-read as
 * soon as the change feed tells of them, and the sets are re-read from PostgreSQL every {@code
 * ambassador.auth.revocation-refresh} as well, so revocations made directly in the database apply
 * within that interval. A user who is active again is let back in by the
 * next re-read; sessions and keys are never un-revoked.
 */
@Component
class Revocations implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Revocations.class);

    private final JdbcClient jdbc;
    private final Set<UUID> sessions = ConcurrentHashMap.newKeySet();
    private final Set<UUID> keys = ConcurrentHashMap.newKeySet();
    /** Users refused, with the {@link System#nanoTime} at which this server noted it. */
    private final Map<UUID, Long> users = new ConcurrentHashMap<>();

    private final ScheduledExecutorService refresher;

    Revocations(JdbcClient jdbc, AmbassadorProperties properties, ChangeFeed feed) {
        this.jdbc = jdbc;
        reload();
        for (Topic topic : new Topic[] {Topic.SESSIONS, Topic.KEYS, Topic.USERS}) {
            feed.subscribe(topic, change -> reload());
        }
        long every = properties.auth().revocationRefresh().toMillis();
        this.refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "revocation-refresh");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    /** True when a token with these claims must be refused: its session, key or user is revoked. */
    boolean refuses(SessionClaims claims) {
        return sessions.contains(claims.sessionId())
                || keys.contains(claims.presharedKeyId())
                || users.containsKey(claims.userId());
    }

    boolean sessionRevoked(UUID sessionId) {
        return sessions.contains(sessionId);
    }

    void sessionsRevoked(Collection<UUID> ids) {
        sessions.addAll(ids);
    }

    void keyRevoked(UUID keyId) {
        keys.add(keyId);
    }

    /** The user is suspended or deleted; call after the change is committed. */
    void userDisabled(UUID userId) {
        users.put(userId, System.nanoTime());
    }

    /** The user is active again; call after the change is committed. Their revoked sessions stay revoked. */
    void userEnabled(UUID userId) {
        users.remove(userId);
    }

    /** Re-reads every revocation from PostgreSQL; what this server noted meanwhile is kept. */
    void reload() {
        long started = System.nanoTime();
        sessions.addAll(jdbc.sql("select id from client_sessions where revoked_at is not null and expires_at > now()")
                .query(UUID.class)
                .list());
        keys.addAll(jdbc.sql("select id from preshared_keys where revoked_at is not null")
                .query(UUID.class)
                .list());
        jdbc.sql("select id from users where status <> 'active'")
                .query(UUID.class)
                .list()
                .forEach(id -> users.putIfAbsent(id, started));
        if (!users.isEmpty()) {
            // Active again in the database, and not disabled here since this re-read began.
            List<UUID> active = jdbc.sql("select id from users where status = 'active' and id = any(?)")
                    .param(users.keySet().toArray(UUID[]::new))
                    .query(UUID.class)
                    .list();
            active.forEach(id -> users.computeIfPresent(id, (user, noted) -> noted - started < 0 ? null : noted));
        }
    }

    private void refresh() {
        try {
            reload();
        } catch (RuntimeException e) {
            // Keep what is known; the next refresh tries again.
            log.warn(
                    "Could not re-read revocations from the database: {}",
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
