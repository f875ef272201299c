package dev.mcp.ambassador.mcp;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.after;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.downstream.DownstreamConnections;
import dev.mcp.ambassador.redaction.Redactor;
import dev.mcp.ambassador.support.MutableClock;
import dev.mcp.ambassador.support.TestCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class McpSessionEndingsTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final McpSessions sessions = new McpSessions(clock, Duration.ofDays(7), id -> false);
    private final DownstreamConnections connections = mock(DownstreamConnections.class);
    private final McpSessionEndings endings =
            new McpSessionEndings(sessions, connections, JsonMapper.builder().build(), new Redactor());
    private final CatalogServer shared = TestCatalog.sharedStdioServer("notes");
    private final UUID user = UUID.randomUUID();

    @Test
    void endedWhenNobodyElseHoldsTheSubscriptionThenTheServerIsToldToStop() {
        McpSession ended = subscribed(sessions.open(user, UUID.randomUUID(), "2025-11-25"));
        sessions.close(ended.id(), user);

        endings.onEnded(new McpSessionEnded(ended, true));

        verify(connections, timeout(5_000))
                .requestIfRunning(eq(shared), eq(user), eq("resources/unsubscribe"), argThat(params -> params.get("uri")
                        .asString()
                        .equals("notes://a")));
        verify(connections, timeout(5_000)).release(user);
    }

    @Test
    void endedWhenAnotherSessionStillHoldsItThenTheSubscriptionStays() {
        McpSession ended = subscribed(sessions.open(user, UUID.randomUUID(), "2025-11-25"));
        subscribed(sessions.open(UUID.randomUUID(), UUID.randomUUID(), "2025-11-25"));
        sessions.close(ended.id(), user);

        endings.onEnded(new McpSessionEnded(ended, false));

        verify(connections, after(500).never()).requestIfRunning(any(), any(), any(), any());
        verify(connections, never()).release(user);
    }

    private McpSession subscribed(McpSession session) {
        session.subscriptions()
                .put(
                        McpSessions.subscriptionKey(shared.id(), null, "notes://a"),
                        new McpSession.Subscription(shared, null, "notes://a", "mcp-ambassador://notes/notes://a"));
        return session;
    }
}
