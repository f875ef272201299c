package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.ratelimit.FailureThrottle;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Refused API keys: 10 per client address (IPv6: per /64) in 5 minutes. */
@Component
class ApiKeyThrottle extends FailureThrottle {

    static final int FAILURES_PER_WINDOW = 10;
    static final Duration WINDOW = Duration.ofMinutes(5);

    ApiKeyThrottle() {
        super(FAILURES_PER_WINDOW, WINDOW, "refused API keys");
    }
}
