package dev.mcp.ambassador.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Budgets in this replica's memory: the default, right for a single replica. */
final class MemoryBucketStore implements BucketStore {

    private static final int SWEEP_EVERY = 4096;

    private record Entry(Bucket bucket, long capacity) {}

    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger untilSweep = new AtomicInteger(SWEEP_EVERY);

    @Override
    public OptionalLong tryTake(Budget budget) {
        Entry entry = buckets.computeIfAbsent(
                budget.storeKey(),
                key -> new Entry(Bucket.builder().addLimit(budget.bandwidth()).build(), budget.capacity()));
        ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        sweepNow();
        return probe.isConsumed() ? OptionalLong.empty() : OptionalLong.of(probe.getNanosToWaitForRefill());
    }

    @Override
    public void giveBack(Budget budget) {
        Entry entry = buckets.get(budget.storeKey());
        if (entry != null) {
            entry.bucket().addTokens(1);
        }
    }

    /** How many budgets are held; for tests. */
    int size() {
        return buckets.size();
    }

    // A budget that has refilled completely is the same as a new one: no state worth keeping.
    private void sweepNow() {
        if (untilSweep.decrementAndGet() > 0) {
            return;
        }
        untilSweep.set(SWEEP_EVERY);
        buckets.values().removeIf(entry -> entry.bucket().getAvailableTokens() >= entry.capacity());
    }
}
