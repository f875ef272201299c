package dev.mcp.ambassador.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the pipeline reports to Micrometer, per step:
 *
 * <ul>
 *   <li>{@value #STEPS} (counter), tagged {@code stage}, {@code kind} and {@code decision}: how
 *       often each step decided what;
 *   <li>{@value #DURATION} (timer), tagged {@code stage}: the time spent in the step itself, not
 *       counting the steps after it.
 * </ul>
 *
 * Decisions: {@code allowed} (passed the request on), {@code refused}, {@code error} (the step
 * failed and so refused), and for the forwarding step {@code completed} or {@code
 * downstream_error}. Tags carry no user, server or tool, so their number stays bounded.
 */
final class PipelineMetrics {

    static final String STEPS = "ambassador.pipeline.steps";
    static final String DURATION = "ambassador.pipeline.step.duration";

    /** How a step ended, as the {@code decision} tag says it. */
    enum Decision {
        ALLOWED,
        REFUSED,
        ERROR,
        COMPLETED,
        DOWNSTREAM_ERROR;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Decision of(Outcome outcome) {
            return switch (outcome) {
                case Outcome.Completed completed -> COMPLETED;
                case Outcome.DownstreamError error -> DOWNSTREAM_ERROR;
                case Outcome.Refused refused -> REFUSED;
            };
        }
    }

    private final MeterRegistry registry;
    /**
     * Each meter is registered the first time it is used and then kept: looking it up in the
     * registry on every request builds and hashes its id, work that buys nothing. Indexed by stage,
     * kind (the last slot for none) and decision.
     */
    private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(
            Stage.values().length * (RequestKind.values().length + 1) * Decision.values().length);

    private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(Stage.values().length);

    PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void decided(Stage stage, RequestKind kind, Decision decision) {
        int kindIndex = kind == null ? RequestKind.values().length : kind.ordinal();
        int index = (stage.ordinal() * (RequestKind.values().length + 1) + kindIndex) * Decision.values().length
                + decision.ordinal();
        Counter counter = counters.get(index);
        if (counter == null) {
            counter = Counter.builder(STEPS)
                    .description("Decisions of each pipeline step")
                    .tag("stage", stage.code())
                    .tag("kind", kind == null ? "unknown" : kind.method())
                    .tag("decision", decision.tag())
                    .register(registry);
            counters.set(index, counter);
        }
        counter.increment();
    }

    void timed(Stage stage, long nanos) {
        Timer timer = timers.get(stage.ordinal());
        if (timer == null) {
            timer = Timer.builder(DURATION)
                    .description("Time spent in each pipeline step, without the steps after it")
                    .tag("stage", stage.code())
                    .register(registry);
            timers.set(stage.ordinal(), timer);
        }
        timer.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
}
