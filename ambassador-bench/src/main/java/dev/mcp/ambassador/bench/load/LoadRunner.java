package dev.mcp.ambassador.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Runs one load against one target for a warm-up (not recorded) and then a measured time, on
 * virtual threads, and adds the measured part to a {@link Stats}.
 */
public final class LoadRunner {

    private LoadRunner() {}

    /** Drives {@code target} with {@code load}; the measured part is added to {@code into}. */
    public static void run(Target target, Load load, Duration warmup, Duration measure, Stats into) {
        List<McpClient> sessions = target.sessions(load.sessions());
        switch (load) {
            case Load.Closed closed -> closed(target, sessions, closed, warmup, measure, into);
            case Load.Open open -> open(target, sessions, open, warmup, measure, into);
        }
    }

    private static void closed(
            Target target, List<McpClient> sessions, Load.Closed load, Duration warmup, Duration measure, Stats into) {
        Recorder recorder = new Recorder(Stats.HIGHEST_MICROS, 3);
        Outcomes outcomes = new Outcomes();
        long from = System.nanoTime() + warmup.toNanos();
        long until = from + measure.toNanos();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (McpClient session : sessions) {
                clients.submit(() -> {
                    for (long start = System.nanoTime(); start < until; start = System.nanoTime()) {
                        boolean ok = outcomes.attempt(() -> target.call(session));
                        long end = System.nanoTime();
                        if (start >= from) {
                            outcomes.count(ok);
                            if (ok) {
                                recorder.recordValue(Math.min((end - start) / 1000, Stats.HIGHEST_MICROS));
                            }
                        }
                    }
                });
            }
        }
        Histogram histogram = recorder.getIntervalHistogram();
        into.add(histogram, outcomes.ok.get(), outcomes.failed.get(), 0, seconds(measure), outcomes.firstError.get());
    }

    private static void open(
            Target target, List<McpClient> sessions, Load.Open load, Duration warmup, Duration measure, Stats into) {
        Recorder recorder = new Recorder(Stats.HIGHEST_MICROS, 3);
        Outcomes outcomes = new Outcomes();
        AtomicLong inFlight = new AtomicLong();
        long shed = 0;
        long interval = 1_000_000_000L / load.ratePerSecond();
        long start = System.nanoTime() + 1_000_000;
        long from = start + warmup.toNanos();
        long until = from + measure.toNanos();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; ; i++) {
                long intended = start + i * interval;
                if (intended >= until) {
                    break;
                }
                for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (inFlight.get() >= load.maxInFlight()) {
                    shed += intended >= from ? 1 : 0;
                    continue;
                }
                inFlight.incrementAndGet();
                McpClient session = sessions.get((int) (i % sessions.size()));
                calls.submit(() -> {
                    try {
                        boolean ok = outcomes.attempt(() -> target.call(session));
                        long end = System.nanoTime();
                        if (intended >= from) {
                            outcomes.count(ok);
                            if (ok) {
                                // From when the call should have gone out, not from when it did.
                                recorder.recordValue(Math.min((end - intended) / 1000, Stats.HIGHEST_MICROS));
                            }
                        }
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            }
        }
        Histogram histogram = recorder.getIntervalHistogram();
        into.add(
                histogram, outcomes.ok.get(), outcomes.failed.get(), shed, seconds(measure), outcomes.firstError.get());
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** Successes, failures and the first failure's message, shared by a run's threads. */
    private static final class Outcomes {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();

        boolean attempt(Runnable call) {
            try {
                call.run();
                return true;
            } catch (RuntimeException e) {
                firstError.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                return false;
            }
        }

        void count(boolean success) {
            (success ? ok : failed).incrementAndGet();
        }
    }
}
