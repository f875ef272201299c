package dev.mcp.ambassador.session;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Registered client sessions. Tokens are verified without the database; revocations are kept in
 * memory here, loaded from PostgreSQL at start and updated as they happen, so a revoked session
 * is refused on its very next request.
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

    SessionClaims open(UUID userId, UUID presharedKeyId, String clientName, String hostTool, java.time.Duration ttl) {
        Instant now = clock.instant();
        SessionClaims claims = new SessionClaims(UUID.randomUUID(), userId, presharedKeyId, now, now.plus(ttl));
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

    /** True when the session was revoked; sessions are never un-revoked. */
    public boolean isRevoked(UUID sessionId) {
        return revokedSessions.contains(sessionId);
    }

    void revoke(UUID sessionId) {
        jdbc.sql("update client_sessions set revoked_at = now() where id = ? and revoked_at is null")
                .param(sessionId)
                .update();
        revokedSessions.add(sessionId);
    }

    void revokeAllOfKey(UUID presharedKeyId) {
        List<UUID> ids = jdbc.sql("update client_sessions set revoked_at = now()"
                        + " where preshared_key_id = ? and revoked_at is null returning id")
                .param(presharedKeyId)
                .query(UUID.class)
                .list();
        revokedSessions.addAll(ids);
    }
}
