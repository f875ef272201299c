package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.routing.SessionIds;
import dev.mcp.ambassador.session.ClientSessions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Live MCP sessions ({@code Mcp-Session-Id}, whose id names this replica as owner: {@link
 * SessionIds}). Each is bound to the user who opened it and is never
 * itself proof of identity: every request is authenticated by its token first, and a session id
 * belonging to someone else is treated as unknown.
 *
 * <p>Sessions are forgotten once their client session is revoked, once they are older than the
 * maximum session lifetime or unused for the idle timeout, and a user holds at most {@link #MAX_PER_USER} of them (the oldest goes first), so
 * clients that never send DELETE cannot grow this without bound.
 */
@Component
class McpSessions {

    static final int MAX_PER_USER = 50;
    private static final int SWEEP_EVERY = 128;

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, McpSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration maxAge;
    private final Duration idleTimeout;
    private final Predicate<UUID> clientSessionRevoked;
    private final Consumer<McpSessionEnded> ended;
    private final Supplier<String> ids;
    private int untilSweep = SWEEP_EVERY;

    @Autowired
    McpSessions(
            Clock clock,
            AmbassadorProperties properties,
            ClientSessions clientSessions,
            ApplicationEventPublisher publisher,
            SessionIds sessionIds) {
        this(
                clock,
                properties.sessions().maxLifetime(),
                properties.sessions().idleTimeout(),
                clientSessions::isRevoked,
                publisher::publishEvent,
                sessionIds::mint);
    }

    McpSessions(Clock clock, Duration maxAge, Predicate<UUID> clientSessionRevoked) {
        this(clock, maxAge, maxAge, clientSessionRevoked, ended -> {});
    }

    McpSessions(
            Clock clock,
            Duration maxAge,
            Duration idleTimeout,
            Predicate<UUID> clientSessionRevoked,
            Consumer<McpSessionEnded> ended) {
        this(clock, maxAge, idleTimeout, clientSessionRevoked, ended, McpSessions::randomId);
    }

    McpSessions(
            Clock clock,
            Duration maxAge,
            Duration idleTimeout,
            Predicate<UUID> clientSessionRevoked,
            Consumer<McpSessionEnded> ended,
            Supplier<String> ids) {
        this.ids = ids;
        this.clock = clock;
        this.maxAge = maxAge;
        this.idleTimeout = idleTimeout;
        this.clientSessionRevoked = clientSessionRevoked;
        this.ended = ended;
    }

    McpSession open(UUID userId, UUID clientSessionId, String protocolVersion) {
        return open(userId, clientSessionId, null, protocolVersion);
    }

    /** Opens a session for a client registered with preshared key {@code keyId}, whose scope it keeps. */
    McpSession open(UUID userId, UUID clientSessionId, UUID keyId, String protocolVersion) {
        return open(userId, clientSessionId, keyId, protocolVersion, null);
    }

    /** Opens the session behind a 2026-07-28 {@code subscriptions/listen} stream. */
    McpSession open(UUID userId, UUID clientSessionId, UUID keyId, String protocolVersion, ListenFilter listen) {
        sweepNow();
        String id = ids.get();
        McpSession session = new McpSession(id, userId, clientSessionId, protocolVersion, clock.instant());
        // Set before anyone can see the session: notifications are judged by the key's scope.
        session.presharedKeyId(keyId);
        session.listen(listen);
        sessions.put(id, session);
        enforcePerUserLimit(userId);
        return session;
    }

    /** An id that names no owner, for sessions made outside a running server. */
    private static String randomId() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Every live session, for notifications that go to all who may hear them. */
    List<McpSession> live() {
        List<McpSession> live = new ArrayList<>();
        for (McpSession session : sessions.values()) {
            if (expired(session)) {
                forget(session);
            } else {
                live.add(session);
            }
        }
        return live;
    }

    /** As {@link #find}, but without counting as use: for what the server sends on its own. */
    Optional<McpSession> peek(String id, UUID userId) {
        McpSession session = id == null ? null : sessions.get(id);
        if (session == null || !session.userId().equals(userId) || expired(session)) {
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** An open GET stream is use too: a client that only listens keeps its session. */
    void keepAlive(McpSession session) {
        session.touch(clock.instant());
    }

    /**
     * Names a subscription as the downstream holds it: on a server, in the process or session of
     * {@code owner} (null for a process all its users share), to a URI.
     */
    static String subscriptionKey(UUID serverId, UUID owner, String downstreamUri) {
        return serverId + " " + owner + " " + downstreamUri;
    }

    boolean anySubscribed(String key) {
        return sessions.values().stream().anyMatch(s -> s.subscriptions().containsKey(key));
    }

    boolean hasSessions(UUID userId) {
        return sessions.values().stream().anyMatch(s -> s.userId().equals(userId));
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
            forget(session);
            return Optional.empty();
        }
        session.touch(clock.instant());
        return Optional.of(session);
    }

    /** The listen stream a client opened with request id {@code subscriptionId}, if still open. */
    Optional<McpSession> listening(UUID userId, UUID clientSessionId, JsonNode subscriptionId) {
        return live().stream()
                .filter(s -> s.userId().equals(userId)
                        && java.util.Objects.equals(s.clientSessionId(), clientSessionId)
                        && s.listen() != null
                        && s.listen().subscriptionId().equals(subscriptionId))
                .findFirst();
    }

    boolean close(String id, UUID userId) {
        return find(id, userId).map(this::forget).orElse(false);
    }

    /** Ends a session, and says so: what it held downstream is tidied up by {@link McpSessionEndings}. */
    private boolean forget(McpSession session) {
        boolean removed = sessions.remove(session.id(), session);
        session.close();
        if (removed) {
            ended.accept(new McpSessionEnded(session, !hasSessions(session.userId())));
        }
        return removed;
    }

    int size() {
        return sessions.size();
    }

    /** Ends every session, for shutdown; returns how many there were. */
    int endAll() {
        int ended = 0;
        for (McpSession session : List.copyOf(sessions.values())) {
            if (forget(session)) {
                ended++;
            }
        }
        return ended;
    }

    private boolean expired(McpSession session) {
        Instant now = clock.instant();
        return session.createdAt().plus(maxAge).isBefore(now)
                || session.lastActive().plus(idleTimeout).isBefore(now)
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
                    .forEach(this::forget);
        }
    }

    private synchronized void sweepNow() {
        if (--untilSweep > 0) {
            return;
        }
        untilSweep = SWEEP_EVERY;
        sessions.values().stream().filter(this::expired).toList().forEach(this::forget);
    }
}
