package dev.mcp.ambassador.rbac;

import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.Stage;
import dev.mcp.ambassador.pipeline.ToolCall;
import dev.mcp.ambassador.pipeline.ToolCallOutcome;
import dev.mcp.ambassador.pipeline.ToolCallPipeline;
import dev.mcp.ambassador.pipeline.ToolCallStep;
import org.springframework.stereotype.Component;

/** Refuses any call that no grant allows, or that a grant denies. */
@Component
class RbacStep implements ToolCallStep {

    private final AccessPolicy policy;
    private final Catalog catalog;

    RbacStep(AccessPolicy policy, Catalog catalog) {
        this.policy = policy;
        this.catalog = catalog;
    }

    @Override
    public Stage stage() {
        return Stage.RBAC;
    }

    @Override
    public ToolCallOutcome handle(ToolCall call, Chain chain) {
        CatalogServer server = catalog.findBySlug(call.serverSlug())
                .filter(CatalogServer::published)
                .orElse(null);
        if (server == null
                || !policy.rulesFor(call.userId(), call.presharedKeyId(), server)
                        .permits(call.toolName())) {
            return new ToolCallOutcome.Refused(
                    Stage.RBAC,
                    ToolCallPipeline.REFUSED,
                    "Access denied: no grant lets you call '" + call.toolName() + "' on server '" + call.serverSlug()
                            + "'. Ask an administrator for a grant.");
        }
        return chain.proceed(call);
    }
}
