package dev.mcp.ambassador.session;

import java.time.Duration;
import java.time.Instant;

/** The sliding-expiry rule of client sessions. */
final class SessionLifetime {

    private SessionLifetime() {}

    /** {@code now + idleTimeout}, capped at {@code createdAt + maxLifetime}. */
    static Instant renewedExpiry(Instant createdAt, Instant now, Duration idleTimeout, Duration maxLifetime) {
        Instant sliding = now.plus(idleTimeout);
        Instant cap = createdAt.plus(maxLifetime);
        return sliding.isBefore(cap) ? sliding : cap;
    }
}
