package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.PipelineStep;
import dev.mcp.ambassador.pipeline.RequestKind;
import dev.mcp.ambassador.pipeline.Stage;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The last step: hands the request to its downstream server and returns the answer unchanged. */
@Component
class ForwardStep implements PipelineStep {

    private final DownstreamConnections connections;

    ForwardStep(DownstreamConnections connections) {
        this.connections = connections;
    }

    @Override
    public Stage stage() {
        return Stage.FORWARD;
    }

    @Override
    public Outcome handle(DownstreamRequest request, Chain chain) {
        if (request.server() == null || !request.server().published()) {
            return new Outcome.Refused(Stage.FORWARD, "Server '" + request.serverSlug() + "' is not available.");
        }
        try {
            JsonNode response = request.kind() == RequestKind.TOOLS_CALL
                    ? connections.callTool(request.server(), request.userId(), request.params(), request.caller())
                    : connections.request(
                            request.server(),
                            request.userId(),
                            request.kind().method(),
                            request.params(),
                            request.caller());
            return response.has("error")
                    ? new Outcome.DownstreamError(response.get("error"))
                    : new Outcome.Completed(response.path("result"));
        } catch (DownstreamException e) {
            return new Outcome.Refused(Stage.FORWARD, e.getMessage());
        }
    }
}
