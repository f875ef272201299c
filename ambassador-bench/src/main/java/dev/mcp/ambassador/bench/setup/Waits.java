package dev.mcp.ambassador.bench.setup;

import java.time.Duration;

/** Polling pauses: waiting for a process that gives no event to wait on. */
final class Waits {

    private Waits() {}

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
