package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.Stage;
import dev.mcp.ambassador.pipeline.ToolCall;
import dev.mcp.ambassador.pipeline.ToolCallOutcome;
import dev.mcp.ambassador.pipeline.ToolCallPipeline;
import dev.mcp.ambassador.pipeline.ToolCallStep;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** The last step: hands the call to the downstream server and returns its answer unchanged. */
@Component
class ForwardStep implements ToolCallStep {

    private final Catalog catalog;
    private final DownstreamConnections connections;

    ForwardStep(Catalog catalog, DownstreamConnections connections) {
        this.catalog = catalog;
        this.connections = connections;
    }

    @Override
    public Stage stage() {
        return Stage.FORWARD;
    }

    @Override
    public ToolCallOutcome handle(ToolCall call, Chain chain) {
        CatalogServer server = catalog.findBySlug(call.serverSlug())
                .filter(CatalogServer::published)
                .orElse(null);
        if (server == null) {
            return new ToolCallOutcome.Refused(
                    Stage.FORWARD, ToolCallPipeline.REFUSED, "Server '" + call.serverSlug() + "' is not available.");
        }
        try {
            JsonNode response = connections.callTool(server, call.userId(), call.params(), call.caller());
            return response.has("error")
                    ? new ToolCallOutcome.DownstreamError(response.get("error"))
                    : new ToolCallOutcome.Completed(response.path("result"));
        } catch (DownstreamException e) {
            return new ToolCallOutcome.Refused(Stage.FORWARD, ToolCallPipeline.REFUSED, e.getMessage());
        }
    }
}
