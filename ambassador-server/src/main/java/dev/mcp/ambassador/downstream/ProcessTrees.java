package dev.mcp.ambassador.downstream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stopping a process together with everything it started. */
final class ProcessTrees {

    private ProcessTrees() {}

    /**
     * Sends SIGTERM to {@code process} and all its descendants, waits up to {@code grace} for every
     * one of them to exit, then kills whatever still runs. Returns once nothing of the tree runs,
     * or the kill was sent.
     */
    static void stop(Process process, Duration grace) {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            long deadline = System.nanoTime() + grace.toNanos();
            boolean ended = process.waitFor(grace.toNanos(), TimeUnit.NANOSECONDS);
            for (ProcessHandle member : tree) {
                ended &= awaitExit(member, deadline - System.nanoTime());
            }
            if (!ended) {
                kill(process, tree);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process, tree);
        }
    }

    private static void kill(Process process, List<ProcessHandle> tree) {
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static boolean awaitExit(ProcessHandle member, long nanos) throws InterruptedException {
        if (!member.isAlive()) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        try {
            member.onExit().get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !member.isAlive();
        }
    }
}
