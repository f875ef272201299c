package dev.mcp.ambassador.downstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * When a process that stopped by itself may be started again. The first failure is restarted at
 * once, so one crash costs nothing; each further failure in a row doubles the wait, from {@code
 * first} up to {@code max}. A process that ran for {@code stable} before it failed starts the
 * count afresh.
 */
final class RestartBackoff<K> {

    private final Clock clock;
    private final Duration first;
    private final Duration max;
    private final Duration stable;
    private final Map<K, State> states = new ConcurrentHashMap<>();

    private record State(int failures, Instant startedAt, Instant notBefore) {}

    RestartBackoff(Clock clock, Duration first, Duration max, Duration stable) {
        this.clock = clock;
        this.first = first;
        this.max = max;
        this.stable = stable;
    }

    /** Empty when {@code key} may start now; otherwise how long it must still wait. */
    Optional<Duration> waitFor(K key) {
        State state = states.get(key);
        Instant now = clock.instant();
        if (state == null || state.notBefore() == null || !now.isBefore(state.notBefore())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, state.notBefore()));
    }

    /** {@code key} was started now. */
    void started(K key) {
        states.compute(key, (k, state) -> new State(state == null ? 0 : state.failures(), clock.instant(), null));
    }

    /** {@code key} stopped by itself, or could not start; returns how long the next start waits. */
    Duration failed(K key) {
        Instant now = clock.instant();
        State state = states.compute(key, (k, old) -> {
            int failures = old == null
                            || (old.startedAt() != null
                                    && !now.isBefore(old.startedAt().plus(stable)))
                    ? 1
                    : old.failures() + 1;
            return new State(failures, old == null ? null : old.startedAt(), now.plus(delay(failures)));
        });
        return Duration.between(now, state.notBefore());
    }

    /** {@code key} was stopped on purpose: nothing counts against its next start. */
    void forget(K key) {
        states.remove(key);
    }

    /** Every key that matches was stopped on purpose, or changed: nothing counts against its next start. */
    void forgetWhere(Predicate<K> which) {
        states.keySet().removeIf(which);
    }

    private Duration delay(int failures) {
        if (failures <= 1) {
            return Duration.ZERO;
        }
        Duration delay = first;
        for (int i = 2; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
