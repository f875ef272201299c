package dev.mcp.ambassador.session;

import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.Topic;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registered client sessions. Tokens are verified without the database; revocations of sessions,
 * keys and users are kept in memory ({@link Revocations}), so a revoked session is refused on its
 * very next request.
 */
@Service
public class ClientSessions {

    /** The key is unrevoked and unexpired and its user active; locks both rows until commit. */
    private static final String STILL_ACTIVE = "select k.id from preshared_keys k join users u on u.id = k.user_id"
            + " where k.id = ? and u.id = ? and k.revoked_at is null"
            + " and (k.expires_at is null or k.expires_at > now()) and u.status = 'active'";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Revocations revocations;
    private final ChangeFeed feed;
    private final TransactionTemplate transactions;

    ClientSessions(
            JdbcClient jdbc, Clock clock, Revocations revocations, ChangeFeed feed, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.revocations = revocations;
        this.feed = feed;
        this.transactions = transactions;
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

    /**
     * Opens a session, but only if the key is still unrevoked and unexpired and its user still
     * active at the moment of the insert: both rows are share-locked by the insert, so a
     * revocation or suspension either waits for it (and then ends the new session with the others)
     * or wins (and no session is made). Empty when the key or user no longer qualifies.
     */
    Optional<SessionClaims> open(
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
        int inserted = jdbc.sql("with still_active as (" + STILL_ACTIVE + " for share of k, u)"
                        + " insert into client_sessions"
                        + " (id, user_id, preshared_key_id, client_name, host_tool, created_at, expires_at)"
                        + " select ?, ?, ?, ?, ?, ?, ? from still_active")
                .params(
                        presharedKeyId,
                        userId,
                        claims.sessionId(),
                        userId,
                        presharedKeyId,
                        clientName,
                        hostTool,
                        Timestamp.from(now),
                        Timestamp.from(claims.expiresAt()))
                .update();
        return inserted == 1 ? Optional.of(claims) : Optional.empty();
    }

    /**
     * Extends a live session: the new expiry is the idle timeout from now, but never past the
     * session's maximum lifetime counted from when it was registered. Empty when the session, its
     * key or its user is no longer good, as read from PostgreSQL now (not from memory).
     */
    Optional<SessionClaims> renew(SessionClaims current, Duration idleTimeout, Duration maxLifetime) {
        Optional<StoredSession> stored = find(current.sessionId())
                .filter(s -> s.revokedAt() == null)
                .filter(s -> current.presharedKeyId().equals(s.presharedKeyId())
                        && current.userId().equals(s.userId()))
                .filter(s -> !jdbc.sql(STILL_ACTIVE)
                        .params(current.presharedKeyId(), current.userId())
                        .query(UUID.class)
                        .list()
                        .isEmpty());
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

    /** One user's sessions that are neither revoked nor expired, newest first. */
    List<StoredSession> listActiveOf(UUID userId) {
        return jdbc.sql(select()
                        + " where user_id = ? and revoked_at is null and expires_at > now() order by created_at desc")
                .param(userId)
                .query(StoredSession.class)
                .list();
    }

    /** True when the session was revoked; sessions are never un-revoked. */
    public boolean isRevoked(UUID sessionId) {
        return revocations.sessionRevoked(sessionId);
    }

    /** True when a token with these claims must be refused: its session, key or user is revoked. */
    boolean refuses(SessionClaims claims) {
        return revocations.refuses(claims);
    }

    boolean revoke(UUID sessionId) {
        boolean changed = Boolean.TRUE.equals(transactions.execute(status -> {
            boolean updated =
                    jdbc.sql("update client_sessions set revoked_at = now() where id = ? and revoked_at is null")
                                    .param(sessionId)
                                    .update()
                            == 1;
            if (updated) {
                feed.announce(Topic.SESSIONS, sessionId);
            }
            return updated;
        }));
        revocations.sessionsRevoked(List.of(sessionId));
        return changed;
    }

    /** Ends every session of a key that has just been revoked; its tokens are refused from now on. */
    List<UUID> revokeAllOfKey(UUID presharedKeyId) {
        revocations.keyRevoked(presharedKeyId);
        return revokeWhere("preshared_key_id", presharedKeyId);
    }

    /** The user is active again: tokens of sessions registered from now on are accepted. */
    void userEnabled(UUID userId) {
        revocations.userEnabled(userId);
    }

    /** Ends every session of a user who has just been suspended (or is about to be deleted). */
    List<UUID> revokeAllOfUser(UUID userId) {
        revocations.userDisabled(userId);
        return revokeWhere("user_id", userId);
    }

    private List<UUID> revokeWhere(String column, UUID value) {
        List<UUID> ids = transactions.execute(status -> {
            List<UUID> ended = jdbc.sql("update client_sessions set revoked_at = now() where " + column
                            + " = ? and revoked_at is null returning id")
                    .param(value)
                    .query(UUID.class)
                    .list();
            if (!ended.isEmpty()) {
                feed.announce(Topic.SESSIONS, null);
            }
            return ended;
        });
        revocations.sessionsRevoked(ids);
        return ids;
    }

    private static String select() {
        return "select id, user_id, preshared_key_id, client_name, host_tool, created_at, expires_at, revoked_at"
                + " from client_sessions";
    }
}
