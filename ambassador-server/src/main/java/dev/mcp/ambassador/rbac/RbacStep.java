package dev.mcp.ambassador.rbac;

import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.PipelineStep;
import dev.mcp.ambassador.pipeline.Stage;
import org.springframework.stereotype.Component;

/**
 * Refuses any request whose tool, prompt or resource no grant allows, or a grant denies, or the
 * caller's key scope leaves out; and any request for a server that is not published. It decides
 * by the same rules the lists are filtered by.
 */
@Component
class RbacStep implements PipelineStep {

    private final AccessPolicy policy;

    RbacStep(AccessPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Stage stage() {
        return Stage.RBAC;
    }

    @Override
    public Outcome handle(DownstreamRequest request, Chain chain) {
        if (request.server() == null
                || !request.server().published()
                || request.subject() == null
                || !policy.rulesFor(request.userId(), request.presharedKeyId(), request.server())
                        .permits(request.subject())) {
            String what = request.subject() == null
                    ? "this"
                    : request.subject().type().word() + " '" + request.subject().name() + "'";
            return new Outcome.Refused(
                    Stage.RBAC,
                    "Access denied: no grant lets you use " + what + " on server '" + request.serverSlug()
                            + "'. Ask an administrator for a grant.");
        }
        return chain.proceed(request);
    }
}
