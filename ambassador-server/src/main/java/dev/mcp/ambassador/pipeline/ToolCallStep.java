package dev.mcp.ambassador.pipeline;

/**
 * One check or action of the pipeline. A step either ends the call with an outcome or passes it
 * on through {@link Chain#proceed}; it never reorders itself relative to other steps.
 */
public interface ToolCallStep {

    /** Where this step runs. At most one step per stage. */
    Stage stage();

    /** Handles {@code call}; must not throw for a refusal, but return {@link ToolCallOutcome.Refused}. */
    ToolCallOutcome handle(ToolCall call, Chain chain);

    /** The rest of the pipeline after the current step. */
    interface Chain {
        ToolCallOutcome proceed(ToolCall call);
    }
}
