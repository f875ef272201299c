package dev.mcp.ambassador.session;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Registered client sessions. Tokens are verified without the database; revocations are kept in
 * memory here, loaded from PostgreSQL at start and updated as they happen, so a revoked session is
 * refused on its very next request.
 */
@Service
public class ClientSessions {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Set<UUID> revokedSessions = ConcurrentHashMap.newKeySet();

    ClientSessions(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        revokedSessions.addAll(
                jdbc.sql("select id from client_sessions where revoked_at is not null and expires_at > now()")
                        .query(UUID.class)
                        .list());
    }

    /** A session as stored; the token itself is never stored. */
    record StoredSession(
            UUID id,
            UUID userId,
            UUID presharedKeyId,
            String clientName,
            String hostTool,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt) {}

    SessionClaims open(
            UUID userId,
            UUID presharedKeyId,
            String clientName,
            String hostTool,
            Duration idleTimeout,
            Duration maxLifetime) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SessionClaims claims = new SessionClaims(
                UUID.randomUUID(),
                userId,
                presharedKeyId,
                now,
                SessionLifetime.renewedExpiry(now, now, idleTimeout, maxLifetime));
        jdbc.sql(
                        "insert into client_sessions (id, user_id, preshared_key_id, client_name, host_tool, created_at, expires_at)"
                                + " values (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        claims.sessionId(),
                        userId,
                        presharedKeyId,
                        clientName,
                        hostTool,
                        Timestamp.from(now),
                        Timestamp.from(claims.expiresAt()))
                .update();
        return claims;
    }

    /**
     * Extends a live session: the new expiry is the idle timeout from now, but never past the
     * session's maximum lifetime counted from when it was registered.
     */
    Optional<SessionClaims> renew(SessionClaims current, Duration idleTimeout, Duration maxLifetime) {
        Optional<StoredSession> stored = find(current.sessionId()).filter(s -> s.revokedAt() == null);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = SessionLifetime.renewedExpiry(stored.get().createdAt(), now, idleTimeout, maxLifetime);
        jdbc.sql("update client_sessions set expires_at = ? where id = ?")
                .params(Timestamp.from(expiresAt), current.sessionId())
                .update();
        return Optional.of(
                new SessionClaims(current.sessionId(), current.userId(), current.presharedKeyId(), now, expiresAt));
    }

    Optional<StoredSession> find(UUID sessionId) {
        return jdbc.sql(select() + " where id = ?")
                .param(sessionId)
                .query(StoredSession.class)
                .optional();
    }

    /** Sessions that are neither revoked nor expired, newest first. */
    List<StoredSession> listActive() {
        return jdbc.sql(select() + " where revoked_at is null and expires_at > now() order by created_at desc")
                .query(StoredSession.class)
                .list();
    }

    /** True when the session was revoked; sessions are never un-revoked. */
    public boolean isRevoked(UUID sessionId) {
        return revokedSessions.contains(sessionId);
    }

    boolean revoke(UUID sessionId) {
        boolean changed = jdbc.sql("update client_sessions set revoked_at = now() where id = ? and revoked_at is null")
                        .param(sessionId)
                        .update()
                == 1;
        revokedSessions.add(sessionId);
        return changed;
    }

    List<UUID> revokeAllOfKey(UUID presharedKeyId) {
        return revokeWhere("preshared_key_id", presharedKeyId);
    }

    List<UUID> revokeAllOfUser(UUID userId) {
        return revokeWhere("user_id", userId);
    }

    private List<UUID> revokeWhere(String column, UUID value) {
        List<UUID> ids = jdbc.sql("update client_sessions set revoked_at = now() where " + column
                        + " = ? and revoked_at is null returning id")
                .param(value)
                .query(UUID.class)
                .list();
        revokedSessions.addAll(ids);
        return ids;
    }

    private static String select() {
        return "select id, user_id, preshared_key_id, client_name, host_tool, created_at, expires_at, revoked_at"
                + " from client_sessions";
    }
}
