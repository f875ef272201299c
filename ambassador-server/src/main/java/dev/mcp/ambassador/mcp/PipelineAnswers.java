package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.RequestKind;
import dev.mcp.ambassador.pipeline.Subject;
import dev.mcp.ambassador.redaction.Redactor;
import dev.mcp.ambassador.session.SessionClaims;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** How a client's MCP request enters the pipeline, and how what the pipeline decided is answered. */
@Component
class PipelineAnswers {

    private final JsonMapper json;
    private final Redactor redactor;

    PipelineAnswers(JsonMapper json, Redactor redactor) {
        this.json = json;
        this.redactor = redactor;
    }

    /** The pipeline's view of one request of {@code caller} in this exchange. */
    static DownstreamRequest request(
            RequestKind kind,
            SessionClaims caller,
            Exchange exchange,
            String slug,
            CatalogServer server,
            Subject subject,
            JsonNode params) {
        return new DownstreamRequest(
                kind,
                caller.userId(),
                caller.sessionId(),
                caller.presharedKeyId(),
                origin(exchange),
                slug,
                server,
                subject,
                params,
                exchange);
    }

    /** Where a request came from; a 2026-07-28 request has no MCP session to name. */
    private static DownstreamRequest.Origin origin(Exchange exchange) {
        String version = exchange.session().protocolVersion();
        return new DownstreamRequest.Origin(
                ProtocolVersions.modern(version) ? null : exchange.session().id(), exchange.clientAddress(), version);
    }

    /**
     * The JSON-RPC answer to an outcome: the downstream's result or error unchanged, or a refusal
     * ({@code -32001}) whose {@code data.refused_by} names the step.
     */
    JsonNode answer(JsonNode id, Outcome outcome) {
        return switch (outcome) {
            case Outcome.Completed completed -> JsonRpc.result(id, completed.result());
            case Outcome.DownstreamError error -> JsonRpc.error(id, error.error());
            case Outcome.Refused refused -> {
                // Refusals may quote what the user sent or what a server said: never a secret back out.
                ObjectNode error = json.createObjectNode()
                        .put("code", refused.code())
                        .put("message", redactor.text(refused.message()));
                ObjectNode data = error.putObject("data").put("refused_by", refused.refusedBy());
                if (refused.retryAfterSeconds() != null) {
                    data.put("retry_after_seconds", refused.retryAfterSeconds());
                }
                yield JsonRpc.error(id, error);
            }
        };
    }

    /** {@code text} with secrets masked, for an answer that quotes what the client sent. */
    String quoted(String text) {
        return redactor.text(text);
    }
}
