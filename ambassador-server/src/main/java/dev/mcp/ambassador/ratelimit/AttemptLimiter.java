package dev.mcp.ambassador.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Limits attempts per key (a client address, say): at most {@code attempts} in any {@code period},
 * the budget refilled whole at the end of each period. An empty key is limited like any other,
 * never waved through.
 */
public final class AttemptLimiter {

    private static final int SWEEP_EVERY = 1024;

    private final int attempts;
    private final Duration period;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private int untilSweep = SWEEP_EVERY;

    public AttemptLimiter(int attempts, Duration period) {
        this.attempts = attempts;
        this.period = period;
    }

    /** Takes one attempt for {@code key}: empty when allowed, else the seconds until it would be. */
    public OptionalLong tryAcquire(String key) {
        Bucket bucket = buckets.computeIfAbsent(key == null ? "" : key, k -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        sweepNow();
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1));
    }

    /**
     * Whether {@code key} has an attempt left, without taking it: empty when it has, else the
     * seconds until it will.
     */
    public OptionalLong waitFor(String key) {
        Bucket bucket = buckets.get(key == null ? "" : key);
        if (bucket == null) {
            return OptionalLong.empty();
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return nanos == 0
                ? OptionalLong.empty()
                : OptionalLong.of(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1));
    }

    /** Gives one attempt back to {@code key}, never above the full budget. */
    public void refund(String key) {
        Bucket bucket = buckets.get(key == null ? "" : key);
        if (bucket != null) {
            bucket.addTokens(1);
        }
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(attempts).refillIntervally(attempts, period))
                .build();
    }

    // Buckets that have refilled completely carry no state worth keeping.
    private synchronized void sweepNow() {
        if (--untilSweep > 0) {
            return;
        }
        untilSweep = SWEEP_EVERY;
        buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= attempts);
    }
}
