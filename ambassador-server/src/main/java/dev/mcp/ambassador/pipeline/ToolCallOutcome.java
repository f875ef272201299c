package dev.mcp.ambassador.pipeline;

import tools.jackson.databind.JsonNode;

/** How a tool call ended: with the downstream's answer, or refused by a step. */
public sealed interface ToolCallOutcome {

    /** The downstream answered; {@code result} is its JSON-RPC result, unchanged. */
    record Completed(JsonNode result) implements ToolCallOutcome {}

    /** The downstream answered with a JSON-RPC error, passed on unchanged. */
    record DownstreamError(JsonNode error) implements ToolCallOutcome {}

    /**
     * A step refused the call, or could not make its check (fail closed).
     *
     * @param code the JSON-RPC error code to answer with
     * @param message what refused and why, in words the user can act on
     */
    record Refused(Stage stage, int code, String message) implements ToolCallOutcome {}
}
