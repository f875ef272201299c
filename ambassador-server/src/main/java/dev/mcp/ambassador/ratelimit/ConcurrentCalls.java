package dev.mcp.ambassador.ratelimit;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts each user's downstream requests running on this replica, up to a cap. Users with none
 * running hold no entry.
 */
final class ConcurrentCalls {

    private final int max;
    private final Map<UUID, Integer> running = new ConcurrentHashMap<>();

    ConcurrentCalls(int max) {
        this.max = max;
    }

    int max() {
        return max;
    }

    /** Counts one more request of {@code user}; false, counting nothing, when the user is at the cap. */
    boolean tryBegin(UUID user) {
        boolean[] begun = {false};
        running.compute(user, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            begun[0] = true;
            return now + 1;
        });
        return begun[0];
    }

    /** Ends one request {@link #tryBegin} counted. */
    void end(UUID user) {
        running.computeIfPresent(user, (key, count) -> count <= 1 ? null : count - 1);
    }

    /** How many requests {@code user} has running; for tests. */
    int running(UUID user) {
        return running.getOrDefault(user, 0);
    }
}
