package dev.mcp.ambassador.ratelimit;

import dev.mcp.ambassador.web.Problems;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Limits failed attempts at a secret (a password, a key) per client address. Once an address has
 * spent its failures, every attempt from it is refused up front, right secret or not, until the
 * window refills, so a throttled guesser learns nothing; successes cost nothing.
 */
public class FailureThrottle {

    private final AttemptLimiter failures;
    private final String what;

    /**
     * @param failuresPerWindow failures allowed per address in each window
     * @param what the attempts in words, for the 429 answer ("failed sign-ins")
     */
    public FailureThrottle(int failuresPerWindow, Duration window, String what) {
        this.failures = new AttemptLimiter(failuresPerWindow, window);
        this.what = what;
    }

    /** Throws a 429 problem with {@code Retry-After} when {@code clientAddress} has no attempts left. */
    public void requireAttemptLeft(String clientAddress) {
        OptionalLong wait = failures.blocked(clientAddress);
        if (wait.isPresent()) {
            throw Problems.tooManyAttempts(what, wait.getAsLong());
        }
    }

    public void recordFailure(String clientAddress) {
        failures.tryAcquire(clientAddress);
    }
}
