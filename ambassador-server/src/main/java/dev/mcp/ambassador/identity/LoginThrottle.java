package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.ratelimit.AttemptLimiter;
import dev.mcp.ambassador.web.Problems;
import java.time.Duration;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * At most 5 failed password checks per client address in 5 minutes. Once they are spent, every
 * attempt from that address is refused up front, right password or not, until the window refills;
 * successful sign-ins cost nothing.
 */
@Component
class LoginThrottle {

    static final int FAILURES_PER_WINDOW = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final AttemptLimiter failures = new AttemptLimiter(FAILURES_PER_WINDOW, WINDOW);

    /** Throws 429 with {@code Retry-After} when {@code clientAddress} has no attempts left. */
    void requireAttemptLeft(String clientAddress) {
        OptionalLong wait = failures.blocked(clientAddress);
        if (wait.isPresent()) {
            throw Problems.tooManyAttempts("failed sign-ins", wait.getAsLong());
        }
    }

    void recordFailure(String clientAddress) {
        failures.tryAcquire(clientAddress);
    }
}
