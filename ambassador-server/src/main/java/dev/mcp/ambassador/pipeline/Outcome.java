package dev.mcp.ambassador.pipeline;

import tools.jackson.databind.JsonNode;

/** How a request ended: with the downstream's answer, or refused by a step. */
public sealed interface Outcome {

    /** The downstream answered; {@code result} is its JSON-RPC result, unchanged. */
    record Completed(JsonNode result) implements Outcome {}

    /** The downstream answered with a JSON-RPC error, passed on unchanged. */
    record DownstreamError(JsonNode error) implements Outcome {}

    /**
     * A step refused the request, or could not make its check (fail closed).
     *
     * @param stage the step that refused; becomes {@code data.refused_by}
     * @param code the JSON-RPC error code to answer with
     * @param message what refused and why, in words the user can act on; never a secret
     * @param retryAfterSeconds when trying again may succeed; null when waiting does not help
     */
    record Refused(Stage stage, int code, String message, Long retryAfterSeconds) implements Outcome {

        public Refused(Stage stage, String message) {
            this(stage, RequestPipeline.REFUSED, message, null);
        }

        /** The name {@code data.refused_by} carries: {@code kill_switch}, {@code rbac}, … */
        public String refusedBy() {
            return stage.code();
        }
    }
}
