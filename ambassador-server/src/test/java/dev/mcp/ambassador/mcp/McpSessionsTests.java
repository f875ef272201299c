package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class McpSessionsTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Set<UUID> revoked = new HashSet<>();
    private final McpSessions sessions = new McpSessions(clock, Duration.ofDays(7), revoked::contains);
    private final UUID user = UUID.randomUUID();
    private final UUID clientSession = UUID.randomUUID();

    @Test
    void findWhenAnotherUserAsksThenUnknown() {
        String id = sessions.open(user, clientSession, "2025-11-25").id();

        assertThat(sessions.find(id, user)).isPresent();
        assertThat(sessions.find(id, UUID.randomUUID())).isEmpty();
    }

    @Test
    void findWhenClientSessionRevokedThenForgotten() {
        String id = sessions.open(user, clientSession, "2025-11-25").id();

        revoked.add(clientSession);

        assertThat(sessions.find(id, user)).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void findWhenOlderThanTheMaximumLifetimeThenForgotten() {
        String id = sessions.open(user, clientSession, "2025-11-25").id();

        clock.advance(Duration.ofDays(7).plusSeconds(1));

        assertThat(sessions.find(id, user)).isEmpty();
    }

    @Test
    void openWhenUserExceedsTheLimitThenTheOldestIsDropped() {
        String first = sessions.open(user, clientSession, "2025-11-25").id();
        for (int i = 0; i < McpSessions.MAX_PER_USER; i++) {
            clock.advance(Duration.ofSeconds(1));
            sessions.open(user, clientSession, "2025-11-25");
        }

        assertThat(sessions.find(first, user)).isEmpty();
        assertThat(sessions.size()).isEqualTo(McpSessions.MAX_PER_USER);
    }

    @Test
    void openWhenManySessionsExpiredThenASweepForgetsThem() {
        for (int i = 0; i < 10; i++) {
            sessions.open(UUID.randomUUID(), clientSession, "2025-11-25");
        }
        revoked.add(clientSession);

        for (int i = 0; i < 200; i++) {
            sessions.open(user, UUID.randomUUID(), "2025-11-25");
        }

        assertThat(sessions.size()).isEqualTo(McpSessions.MAX_PER_USER);
    }

    @Test
    void closeWhenTheUsersLastSessionEndsThenTheirOwnDownstreamsAreReleased() throws InterruptedException {
        BlockingQueue<UUID> released = new LinkedBlockingQueue<>();
        McpSessions releasing =
                new McpSessions(clock, Duration.ofDays(7), Duration.ofHours(8), revoked::contains, ended -> {
                    if (ended.lastOfUser()) {
                        released.add(ended.session().userId());
                    }
                });
        String first = releasing.open(user, clientSession, "2025-11-25").id();
        String second = releasing.open(user, clientSession, "2025-11-25").id();

        releasing.close(first, user);
        assertThat(released.poll(200, TimeUnit.MILLISECONDS)).isNull();

        releasing.close(second, user);
        assertThat(released.poll(5, TimeUnit.SECONDS)).isEqualTo(user);
    }

    @Test
    void findWhenUnusedForTheIdleTimeoutThenForgottenButUseKeepsItAlive() {
        McpSessions idle =
                new McpSessions(clock, Duration.ofDays(7), Duration.ofHours(8), revoked::contains, ended -> {});
        String used = idle.open(user, clientSession, "2025-11-25").id();
        String unused = idle.open(user, clientSession, "2025-11-25").id();

        clock.advance(Duration.ofHours(5));
        assertThat(idle.find(used, user)).isPresent();
        clock.advance(Duration.ofHours(5));

        assertThat(idle.find(used, user)).isPresent();
        assertThat(idle.find(unused, user)).isEmpty();
    }

    @Test
    void liveWhenASessionIdledOutThenItIsEndedAndAListeningOneIsKept() {
        McpSessions idle =
                new McpSessions(clock, Duration.ofDays(7), Duration.ofHours(8), revoked::contains, ended -> {});
        McpSession listening = idle.open(user, clientSession, "2025-11-25");
        McpSession silent = idle.open(user, clientSession, "2025-11-25");

        clock.advance(Duration.ofHours(5));
        idle.keepAlive(listening);
        clock.advance(Duration.ofHours(5));

        assertThat(idle.live()).containsExactly(listening);
        assertThat(silent.closed()).isTrue();
    }
}
