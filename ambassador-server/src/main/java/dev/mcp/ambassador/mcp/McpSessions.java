package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.session.ClientSessions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Live MCP sessions ({@code Mcp-Session-Id}). Each is bound to the user who opened it and is never
 * itself proof of identity: every request is authenticated by its token first, and a session id
 * belonging to someone else is treated as unknown.
 *
 * <p>Sessions are forgotten once their client session is revoked or older than the maximum session
 * lifetime, and a user holds at most {@link #MAX_PER_USER} of them (the oldest goes first), so
 * clients that never send DELETE cannot grow this without bound.
 */
@Component
class McpSessions {

    static final int MAX_PER_USER = 50;
    private static final int SWEEP_EVERY = 128;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration maxAge;
    private final Predicate<UUID> clientSessionRevoked;
    private int untilSweep = SWEEP_EVERY;

    @Autowired
    McpSessions(Clock clock, AmbassadorProperties properties, ClientSessions clientSessions) {
        this(clock, properties.sessions().maxLifetime(), clientSessions::isRevoked);
    }

    McpSessions(Clock clock, Duration maxAge, Predicate<UUID> clientSessionRevoked) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.clientSessionRevoked = clientSessionRevoked;
    }

    record McpSession(String id, UUID userId, UUID clientSessionId, String protocolVersion, Instant createdAt) {}

    McpSession open(UUID userId, UUID clientSessionId, String protocolVersion) {
        sweepNow();
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        McpSession session = new McpSession(id, userId, clientSessionId, protocolVersion, clock.instant());
        sessions.put(id, session);
        enforcePerUserLimit(userId);
        return session;
    }

    /** The session with this id if it belongs to {@code userId} and is live; otherwise empty, as if unknown. */
    Optional<McpSession> find(String id, UUID userId) {
        if (id == null) {
            return Optional.empty();
        }
        McpSession session = sessions.get(id);
        if (session == null || !session.userId().equals(userId)) {
            return Optional.empty();
        }
        if (expired(session)) {
            sessions.remove(id);
            return Optional.empty();
        }
        return Optional.of(session);
    }

    boolean close(String id, UUID userId) {
        return find(id, userId).map(session -> sessions.remove(id) != null).orElse(false);
    }

    int size() {
        return sessions.size();
    }

    private boolean expired(McpSession session) {
        return session.createdAt().plus(maxAge).isBefore(clock.instant())
                || clientSessionRevoked.test(session.clientSessionId());
    }

    private void enforcePerUserLimit(UUID userId) {
        var mine = sessions.values().stream()
                .filter(s -> s.userId().equals(userId))
                .toList();
        if (mine.size() > MAX_PER_USER) {
            mine.stream()
                    .sorted(Comparator.comparing(McpSession::createdAt))
                    .limit(mine.size() - MAX_PER_USER)
                    .forEach(oldest -> sessions.remove(oldest.id()));
        }
    }

    private synchronized void sweepNow() {
        if (--untilSweep > 0) {
            return;
        }
        untilSweep = SWEEP_EVERY;
        sessions.values().removeIf(this::expired);
    }
}
