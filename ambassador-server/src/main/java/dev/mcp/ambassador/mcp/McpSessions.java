package dev.mcp.ambassador.mcp;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Live MCP sessions ({@code Mcp-Session-Id}). Each is bound to the user who opened it and is never
 * itself proof of identity: every request is authenticated by its token first, and a session id
 * belonging to someone else is treated as unknown.
 */
@Component
class McpSessions {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    McpSessions(Clock clock) {
        this.clock = clock;
    }

    record McpSession(String id, UUID userId, UUID clientSessionId, String protocolVersion, Instant createdAt) {}

    McpSession open(UUID userId, UUID clientSessionId, String protocolVersion) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        McpSession session = new McpSession(id, userId, clientSessionId, protocolVersion, clock.instant());
        sessions.put(id, session);
        return session;
    }

    /** The session with this id if it belongs to {@code userId}; otherwise empty, as if unknown. */
    Optional<McpSession> find(String id, UUID userId) {
        if (id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(sessions.get(id))
                .filter(session -> session.userId().equals(userId));
    }

    boolean close(String id, UUID userId) {
        return find(id, userId).map(session -> sessions.remove(id) != null).orElse(false);
    }
}
