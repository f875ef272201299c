package dev.mcp.ambassador.audit;

import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.InFlightCalls;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.PipelineStep;
import dev.mcp.ambassador.pipeline.RefusalObserver;
import dev.mcp.ambassador.pipeline.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Records every request before it is forwarded and how it ended after. The request row is
 * committed before the downstream sees anything; if it cannot be, the request is refused. Requests
 * refused by an earlier step are recorded as denied, naming the step.
 */
@Component
class AuditStep implements PipelineStep, RefusalObserver {

    private static final Logger log = LoggerFactory.getLogger(AuditStep.class);

    private final AuditTrail trail;
    private final RequestRecords records;

    AuditStep(AuditTrail trail, RequestRecords records) {
        this.trail = trail;
        this.records = records;
    }

    @Override
    public Stage stage() {
        return Stage.AUDIT;
    }

    @Override
    public Outcome handle(DownstreamRequest request, Chain chain) {
        long started = System.nanoTime();
        long requestId;
        try {
            requestId = trail.append(records.request(request, "allowed", null, null));
        } catch (AuditUnavailableException e) {
            return new Outcome.Refused(
                    Stage.AUDIT,
                    "The request was not forwarded because the audit trail cannot record it right now."
                            + " Try again shortly; if it keeps failing, tell your administrator.");
        }
        Outcome outcome = chain.proceed(request);
        Outcome.Refused stopped = InFlightCalls.stoppedBy(request);
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        try {
            trail.append(
                    switch (stopped != null ? stopped : outcome) {
                        case Outcome.Completed completed ->
                            records.result(
                                    request,
                                    requestId,
                                    "ok",
                                    completed.result().path("isError").asBoolean(false),
                                    durationMs,
                                    trail.sizeOf(completed.result()));
                        case Outcome.DownstreamError error ->
                            records.result(request, requestId, "error", null, durationMs, trail.sizeOf(error.error()));
                        case Outcome.Refused refused ->
                            withStage(records.result(request, requestId, "refused", null, durationMs, 0), refused);
                    });
        } catch (AuditUnavailableException e) {
            // The request row is there; only how it ended is missing. The answer is not withheld,
            // since the downstream has already acted on the request.
            log.error("Could not record how audited request {} ended", requestId);
        }
        return outcome;
    }

    @Override
    public void refused(DownstreamRequest request, Outcome.Refused refusal) {
        try {
            trail.append(records.request(
                    request,
                    "denied",
                    refusal.refusedBy(),
                    JsonNodeFactory.instance.objectNode().put("message", refusal.message())));
        } catch (RuntimeException e) {
            // The refusal stands whether or not it could be recorded.
            log.error(
                    "Could not record a refusal by {}: {}",
                    refusal.refusedBy(),
                    e.getClass().getName());
        }
    }

    private static AuditRecord withStage(AuditRecord r, Outcome.Refused refused) {
        return new AuditRecord(
                r.type(),
                r.at(),
                r.userId(),
                r.username(),
                r.keyId(),
                r.sessionId(),
                r.mcpSessionId(),
                r.era(),
                r.protocolVersion(),
                r.clientName(),
                r.clientAddress(),
                r.server(),
                r.kind(),
                r.subject(),
                r.arguments(),
                r.decision(),
                refused.refusedBy(),
                r.requestId(),
                r.status(),
                r.isError(),
                r.durationMs(),
                r.bytes(),
                JsonNodeFactory.instance.objectNode().put("message", refused.message()));
    }
}
