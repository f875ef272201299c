package dev.mcp.ambassador.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionLifetimeTests {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void renewedExpiryWhenFarFromTheCapThenSlidesByTheIdleTimeout() {
        Instant now = CREATED.plus(Duration.ofHours(3));

        assertThat(SessionLifetime.renewedExpiry(CREATED, now, Duration.ofHours(8), Duration.ofDays(7)))
                .isEqualTo(now.plus(Duration.ofHours(8)));
    }

    @Test
    void renewedExpiryWhenNearTheCapThenStopsAtTheMaximumLifetime() {
        Instant now = CREATED.plus(Duration.ofDays(7)).minus(Duration.ofHours(1));

        assertThat(SessionLifetime.renewedExpiry(CREATED, now, Duration.ofHours(8), Duration.ofDays(7)))
                .isEqualTo(CREATED.plus(Duration.ofDays(7)));
    }
}
