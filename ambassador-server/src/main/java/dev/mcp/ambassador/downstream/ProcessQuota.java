package dev.mcp.ambassador.downstream;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many stdio processes may run at once: in all, and for any one user's own ({@code per_user})
 * processes. A start past either limit is refused with a message naming the limit, never queued:
 * the caller learns at once and can try again once processes end.
 */
final class ProcessQuota {

    private final int global;
    private final int perUser;
    private final Map<UUID, Integer> byUser = new HashMap<>();
    private int total;

    ProcessQuota(int global, int perUser) {
        this.global = global;
        this.perUser = perUser;
    }

    /**
     * Takes a place for one process of {@code userId} (null for a process shared by all users).
     *
     * @throws DownstreamException when a limit is reached; the message names the setting
     */
    synchronized Slot acquire(UUID userId, String slug) {
        if (total >= global) {
            throw new DownstreamException("Server '" + slug + "' cannot start: all " + global
                    + " processes the ambassador may run are in use (ambassador.sandbox.max-processes);"
                    + " try again later.");
        }
        if (userId != null && byUser.getOrDefault(userId, 0) >= perUser) {
            throw new DownstreamException("Server '" + slug + "' cannot start: you already have " + perUser
                    + " processes running (ambassador.sandbox.max-processes-per-user).");
        }
        total++;
        if (userId != null) {
            byUser.merge(userId, 1, Integer::sum);
        }
        return new Slot(userId);
    }

    synchronized int inUse() {
        return total;
    }

    private synchronized void release(UUID userId) {
        total--;
        if (userId != null) {
            byUser.computeIfPresent(userId, (user, count) -> count == 1 ? null : count - 1);
        }
    }

    /** One process's place; given back once, however often {@link #release()} is called. */
    final class Slot {
        private final UUID userId;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(UUID userId) {
            this.userId = userId;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                ProcessQuota.this.release(userId);
            }
        }
    }
}
