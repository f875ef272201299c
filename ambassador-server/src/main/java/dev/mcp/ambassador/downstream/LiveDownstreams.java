package dev.mcp.ambassador.downstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The downstream sessions that run now, each under its key, with what is known of each: its name,
 * when it was last used, and how often it stopped by itself ({@link RestartBackoff}). What {@link
 * DownstreamConnections} starts is kept here until it is stopped, reaped or found dead.
 */
final class LiveDownstreams {

    private static final Duration RESTART_FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration RESTART_MAX_WAIT = Duration.ofSeconds(60);
    private static final Duration RESTART_STABLE = Duration.ofSeconds(60);

    /** Whose a session is: a server's, and a user's when it serves that user alone (else null). */
    record Key(UUID serverId, UUID userId) {}

    private final Clock clock;
    private final RestartBackoff<Key> backoff;
    private final Map<Key, Downstream> live = new ConcurrentHashMap<>();
    private final Map<Key, String> connectionIds = new ConcurrentHashMap<>();
    private final Map<Key, Instant> lastUsed = new ConcurrentHashMap<>();
    private final Map<Key, Object> startLocks = new ConcurrentHashMap<>();
    private final AtomicLong starts = new AtomicLong();

    LiveDownstreams(Clock clock) {
        this.clock = clock;
        this.backoff = new RestartBackoff<>(clock, RESTART_FIRST_WAIT, RESTART_MAX_WAIT, RESTART_STABLE);
    }

    /** The session under {@code key} while it is alive, counting this as a use of it. */
    Optional<Downstream> use(Key key) {
        lastUsed.put(key, clock.instant());
        return running(key);
    }

    /** The session under {@code key} while it is alive. */
    Optional<Downstream> running(Key key) {
        Downstream current = live.get(key);
        return current != null && current.alive() ? Optional.of(current) : Optional.empty();
    }

    /** What to hold while a session starts under {@code key}, so only one starts at a time. */
    Object startLock(Key key) {
        return startLocks.computeIfAbsent(key, k -> new Object());
    }

    /**
     * Clears the way for a new session under {@code key}: a session that stopped by itself there
     * (a crash, a kill from outside) is counted as a failure.
     *
     * @throws DownstreamException when the key failed too often in a row to start again yet
     */
    void prepareStart(Key key, String slug) {
        Downstream current = live.get(key);
        if (current != null) {
            live.remove(key, current);
            current.close();
            backoff.failed(key);
        }
        Optional<Duration> wait = backoff.waitFor(key);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw new DownstreamException("Server '" + slug
                    + "' stopped unexpectedly several times in a row; it is started again in " + seconds
                    + " s. Try again then.");
        }
    }

    /** A start under {@code key} failed. */
    void failed(Key key) {
        backoff.failed(key);
    }

    /** Keeps a session that just started under {@code key}, under a name no session had before. */
    void started(Key key, Downstream started) {
        backoff.started(key);
        // The name first: whoever sees the new connection must see its name with it.
        connectionIds.put(key, key.serverId() + "/" + key.userId() + "/" + starts.incrementAndGet());
        live.put(key, started);
    }

    /** As {@link DownstreamConnections#connectionId}; null when no session runs under {@code key}. */
    String connectionId(Key key) {
        Downstream current = live.get(key);
        // A remote session that was opened again is another session: its tasks are not the old one's.
        return current != null && current.alive() ? connectionIds.get(key) + "." + current.generation() : null;
    }

    /** Stops and forgets the session under {@code key}, if any. */
    void stop(Key key) {
        Downstream current = live.remove(key);
        forget(key);
        if (current != null) {
            current.close();
        }
    }

    /**
     * Stops and forgets every session whose key matches, and the failed starts of those keys too:
     * a server stopped because its entry changed is tried again at once, not after the wait its
     * old settings earned.
     */
    void stopWhere(Predicate<Key> which) {
        live.entrySet().removeIf(entry -> {
            if (which.test(entry.getKey())) {
                entry.getValue().close();
                forget(entry.getKey());
                return true;
            }
            return false;
        });
        backoff.forgetWhere(which);
    }

    /** How many stdio processes run now, of every server. */
    int runningProcesses() {
        return (int) live.values().stream()
                .filter(downstream -> downstream instanceof StdioDownstream && downstream.alive())
                .count();
    }

    /** The stdio processes of {@code serverId} that run now. */
    List<DownstreamConnections.Instance> instances(UUID serverId) {
        List<DownstreamConnections.Instance> instances = new ArrayList<>();
        live.forEach((key, downstream) -> {
            if (key.serverId().equals(serverId) && downstream instanceof StdioDownstream process) {
                instances.add(new DownstreamConnections.Instance(
                        key.userId(), process.pid(), process.alive(), process.stderrLines()));
            }
        });
        return instances;
    }

    /** As {@link DownstreamConnections#reapIdle}. */
    int reapIdle(Duration idleTimeout) {
        Instant cutoff = clock.instant().minus(idleTimeout);
        int[] reaped = {0};
        live.forEach((key, downstream) -> {
            Instant used = lastUsed.get(key);
            // A process that died is left to the next call, which counts it as a crash.
            if (downstream instanceof StdioDownstream process
                    && process.alive()
                    && !process.busy()
                    && used != null
                    && used.isBefore(cutoff)
                    && live.remove(key, downstream)) {
                downstream.close();
                forget(key);
                reaped[0]++;
            }
        });
        return reaped[0];
    }

    private void forget(Key key) {
        connectionIds.remove(key);
        lastUsed.remove(key);
        backoff.forget(key);
    }
}
