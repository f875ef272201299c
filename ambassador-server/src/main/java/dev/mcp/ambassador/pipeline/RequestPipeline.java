package dev.mcp.ambassador.pipeline;

import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs every downstream-bound request through the steps in {@link Stage} order: an immutable,
 * index-based chain. Fails closed: a step that throws refuses the request, and a chain that runs
 * out without a forwarding step refuses it too. Every refusal made before the audit step is handed
 * to the {@link RefusalObserver}s, so it is recorded although the audit step never saw it.
 */
@Component
public class RequestPipeline {

    /** JSON-RPC error code for a request the ambassador refused. */
    public static final int REFUSED = -32001;

    private static final Logger log = LoggerFactory.getLogger(RequestPipeline.class);

    private final List<PipelineStep> steps;
    private final List<RefusalObserver> observers;

    public RequestPipeline(List<PipelineStep> steps, List<RefusalObserver> observers) {
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

    public Outcome run(DownstreamRequest request) {
        Outcome outcome = request.userId() == null
                ? new Outcome.Refused(Stage.AUTHENTICATE, "The request is not authenticated.")
                : proceed(0, request);
        if (outcome instanceof Outcome.Refused refused && refused.stage().compareTo(Stage.AUDIT) < 0) {
            observers.forEach(observer -> observer.refused(request, refused));
        }
        return outcome;
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
        try {
            return step.handle(request, next -> proceed(index + 1, next));
        } catch (RuntimeException e) {
            // The exception's text may carry internals; only its type is logged, the user gets neither.
            log.error(
                    "Pipeline step {} failed ({}); refusing the request",
                    step.stage(),
                    e.getClass().getName());
            return new Outcome.Refused(
                    step.stage(),
                    "The " + step.stage().code().replace('_', ' ')
                            + " check could not be made, so the request was refused. Try again later;"
                            + " if it keeps failing, tell your administrator.");
        }
    }
}
