package dev.mcp.ambassador.pipeline;

/**
 * One check or action of the pipeline. A step either ends the request with an outcome or passes
 * it on through {@link Chain#proceed}; it never reorders itself relative to other steps.
 */
public interface PipelineStep {

    /** Where this step runs. At most one step per stage. */
    Stage stage();

    /**
     * Handles {@code request}; returns {@link Outcome.Refused} for a refusal. A step that throws
     * has the request refused in its name (fail closed).
     */
    Outcome handle(DownstreamRequest request, Chain chain);

    /** The rest of the pipeline after the current step. */
    interface Chain {
        Outcome proceed(DownstreamRequest request);
    }
}
