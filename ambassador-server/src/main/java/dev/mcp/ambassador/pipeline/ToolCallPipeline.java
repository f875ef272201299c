package dev.mcp.ambassador.pipeline;

import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs every tool call through the steps in {@link Stage} order: an immutable, index-based chain.
 * Fails closed: a step that throws refuses the call, and a chain that runs out without a
 * forwarding step refuses it too.
 */
@Component
public class ToolCallPipeline {

    /** JSON-RPC error code for a call the ambassador refused. */
    public static final int REFUSED = -32001;

    private static final Logger log = LoggerFactory.getLogger(ToolCallPipeline.class);

    private final List<ToolCallStep> steps;

    public ToolCallPipeline(List<ToolCallStep> steps) {
        this.steps =
                steps.stream().sorted(Comparator.comparing(ToolCallStep::stage)).toList();
        for (int i = 1; i < this.steps.size(); i++) {
            if (this.steps.get(i).stage() == this.steps.get(i - 1).stage()) {
                throw new IllegalStateException(
                        "Two tool-call steps claim stage " + this.steps.get(i).stage());
            }
        }
        if (this.steps.isEmpty() || this.steps.getLast().stage() != Stage.FORWARD) {
            throw new IllegalStateException("The tool-call pipeline has no FORWARD step");
        }
    }

    public ToolCallOutcome run(ToolCall call) {
        if (call.userId() == null) {
            return new ToolCallOutcome.Refused(Stage.AUTHENTICATE, REFUSED, "The call is not authenticated.");
        }
        return proceed(0, call);
    }

    /** The stages that have a step, in order; for diagnostics and tests. */
    public List<Stage> stages() {
        return steps.stream().map(ToolCallStep::stage).toList();
    }

    private ToolCallOutcome proceed(int index, ToolCall call) {
        if (index >= steps.size()) {
            return new ToolCallOutcome.Refused(Stage.FORWARD, REFUSED, "The call reached no downstream server.");
        }
        ToolCallStep step = steps.get(index);
        try {
            return step.handle(call, next -> proceed(index + 1, next));
        } catch (RuntimeException e) {
            log.error("Tool-call step {} failed; refusing the call", step.stage(), e);
            return new ToolCallOutcome.Refused(
                    step.stage(),
                    REFUSED,
                    "The "
                            + step.stage()
                                    .name()
                                    .toLowerCase(java.util.Locale.ROOT)
                                    .replace('_', ' ') + " check could not be made, so the call was refused.");
        }
    }
}
