package dev.mcp.ambassador.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs every downstream-bound request through the steps in {@link Stage} order: an immutable,
 * index-based chain. Fails closed: a step that throws refuses the request, and a chain that runs
 * out without a forwarding step refuses it too. Every refusal made before the audit step is handed
 * to the {@link RefusalObserver}s, so it is recorded although the audit step never saw it. Each
 * step's decisions and time are counted ({@link PipelineMetrics}).
 */
@Component
public class RequestPipeline {

    /** JSON-RPC error code for a request the ambassador refused. */
    public static final int REFUSED = -32001;

    private static final Logger log = LoggerFactory.getLogger(RequestPipeline.class);

    private final List<PipelineStep> steps;
    private final List<RefusalObserver> observers;
    private final InFlightCalls inFlight;
    private final PipelineMetrics metrics;

    public RequestPipeline(
            List<PipelineStep> steps,
            List<RefusalObserver> observers,
            InFlightCalls inFlight,
            MeterRegistry meterRegistry) {
        this.inFlight = inFlight;
        this.metrics = new PipelineMetrics(meterRegistry);
        this.steps =
                steps.stream().sorted(Comparator.comparing(PipelineStep::stage)).toList();
        this.observers = List.copyOf(observers);
        for (int i = 1; i < this.steps.size(); i++) {
            if (this.steps.get(i).stage() == this.steps.get(i - 1).stage()) {
                throw new IllegalStateException(
                        "Two pipeline steps claim stage " + this.steps.get(i).stage());
            }
        }
        if (this.steps.isEmpty() || this.steps.getLast().stage() != Stage.FORWARD) {
            throw new IllegalStateException("The pipeline has no FORWARD step");
        }
    }

    /**
     * Runs {@code request} through every step. While it runs it can be stopped ({@link
     * InFlightCalls#stop}); a stopped request is answered with the stopper's refusal, whatever the
     * downstream said meanwhile.
     */
    public Outcome run(DownstreamRequest request) {
        if (request.userId() == null) {
            Outcome.Refused refused = new Outcome.Refused(Stage.AUTHENTICATE, "The request is not authenticated.");
            metrics.decided(Stage.AUTHENTICATE, request.kind(), PipelineMetrics.Decision.REFUSED);
            observers.forEach(observer -> observer.refused(request, refused));
            return refused;
        }
        InFlightCalls.Call call = inFlight.begin(request);
        Outcome outcome;
        try {
            outcome = proceed(0, call.request());
        } finally {
            inFlight.end(call);
        }
        boolean auditSawIt =
                !(outcome instanceof Outcome.Refused refused) || refused.stage().compareTo(Stage.AUDIT) >= 0;
        Outcome answer = call.stoppedBy() != null ? call.stoppedBy() : outcome;
        if (!auditSawIt) {
            observers.forEach(observer -> observer.refused(request, (Outcome.Refused) answer));
        }
        return answer;
    }

    /** The stages that have a step, in order; for diagnostics and tests. */
    public List<Stage> stages() {
        return steps.stream().map(PipelineStep::stage).toList();
    }

    private Outcome proceed(int index, DownstreamRequest request) {
        if (index >= steps.size()) {
            return new Outcome.Refused(Stage.FORWARD, "The request reached no downstream server.");
        }
        PipelineStep step = steps.get(index);
        long started = System.nanoTime();
        // Time spent in the steps after this one, so that each step's timer holds its own time only.
        long[] later = {0};
        boolean[] passedOn = {false};
        Outcome outcome;
        PipelineMetrics.Decision decision;
        try {
            outcome = step.handle(request, next -> {
                passedOn[0] = true;
                long handedOver = System.nanoTime();
                try {
                    return proceed(index + 1, next);
                } finally {
                    later[0] += System.nanoTime() - handedOver;
                }
            });
            decision = passedOn[0] ? PipelineMetrics.Decision.ALLOWED : PipelineMetrics.Decision.of(outcome);
        } catch (RuntimeException e) {
            // The exception's text may carry internals; only its type is logged, the user gets neither.
            log.error(
                    "Pipeline step {} failed ({}); refusing the request",
                    step.stage(),
                    e.getClass().getName());
            outcome = new Outcome.Refused(
                    step.stage(),
                    "The " + step.stage().code().replace('_', ' ')
                            + " check could not be made, so the request was refused. Try again later;"
                            + " if it keeps failing, tell your administrator.");
            decision = PipelineMetrics.Decision.ERROR;
        }
        metrics.timed(step.stage(), System.nanoTime() - started - later[0]);
        metrics.decided(step.stage(), request.kind(), decision);
        return outcome;
    }
}
