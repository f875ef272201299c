package dev.mcp.ambassador.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * One budget a request takes from: who is counted ({@code scope} and {@code counted}) and the
 * policy that holds for them. The store key names the policy too, so a changed limit starts a
 * fresh budget instead of inheriting one shaped by the old limit.
 *
 * @param counted the budget's owner within the scope: a user id, {@code <user>@<slug>}, …
 * @param describe the owner in words, for the refusal
 */
record Budget(Scope scope, String counted, long capacity, long refillPerMinute, String describe) {

    /** The bucket's name in the store. */
    String storeKey() {
        return scope.code() + ":" + counted + ":" + capacity + "/" + refillPerMinute;
    }

    /** {@code capacity} tokens, refilled greedily at {@code refillPerMinute} per minute. */
    Bandwidth bandwidth() {
        return Bandwidth.builder()
                .capacity(capacity)
                .refillGreedy(refillPerMinute, Duration.ofMinutes(1))
                .build();
    }

    /** The same, as a distributed bucket's configuration. */
    BucketConfiguration configuration() {
        return BucketConfiguration.builder().addLimit(bandwidth()).build();
    }
}
