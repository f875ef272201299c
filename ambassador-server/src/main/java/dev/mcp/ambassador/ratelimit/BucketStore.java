package dev.mcp.ambassador.ratelimit;

import java.util.OptionalLong;

/**
 * Where budgets live: in this replica's memory, or in PostgreSQL where every replica takes from the
 * same ones. A store that cannot answer throws, and the request is refused (fail closed).
 */
interface BucketStore {

    /** Takes one token from {@code budget}: empty when taken, else the nanoseconds until one will be. */
    OptionalLong tryTake(Budget budget);

    /** Gives back a token {@link #tryTake} took, never beyond the budget's capacity. */
    void giveBack(Budget budget);

    /** The token granularity of a wait: whole seconds, at least one. */
    static long seconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }
}
