package dev.mcp.ambassador.audit;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One row of the audit trail before it is written: what happened, to whom, and how it ended. Every
 * string in it has already passed the {@code Redactor}; {@code arguments} are size-capped.
 *
 * @param type {@code mcp.request} (a request that reached the pipeline), {@code mcp.result} (how an
 *     allowed request ended), {@code auth.*} (an authentication decision) or {@code config.*} (a
 *     configuration change)
 * @param decision {@code allowed} or {@code denied} for requests; {@code ok}/{@code refused} for
 *     authentication; null otherwise
 * @param stage the pipeline step that decided ({@code rbac}, {@code kill_switch}, …)
 * @param requestId for a result row, the id of the request row it completes
 * @param status for a result row: {@code ok}, {@code error} (JSON-RPC error downstream) or {@code
 *     refused} (stopped after it was allowed: the forward failed, a kill switch)
 * @param era for an MCP request or result, the protocol era it came in: {@code legacy} or {@code
 *     modern}; null otherwise
 * @param protocolVersion for an MCP request or result, the protocol version the client speaks
 * @param detail anything else: the before and after of a change, the reason of a refusal
 */
public record AuditRecord(
        String type,
        Instant at,
        UUID userId,
        String username,
        UUID keyId,
        UUID sessionId,
        String mcpSessionId,
        String era,
        String protocolVersion,
        String clientName,
        String clientAddress,
        String server,
        String kind,
        String subject,
        JsonNode arguments,
        String decision,
        String stage,
        Long requestId,
        String status,
        Boolean isError,
        Long durationMs,
        Long bytes,
        JsonNode detail) {

    /** A row that is about no MCP request, so has no era. */
    public AuditRecord(
            String type,
            Instant at,
            UUID userId,
            String username,
            UUID keyId,
            UUID sessionId,
            String mcpSessionId,
            String clientName,
            String clientAddress,
            String server,
            String kind,
            String subject,
            JsonNode arguments,
            String decision,
            String stage,
            Long requestId,
            String status,
            Boolean isError,
            Long durationMs,
            Long bytes,
            JsonNode detail) {
        this(
                type,
                at,
                userId,
                username,
                keyId,
                sessionId,
                mcpSessionId,
                null,
                null,
                clientName,
                clientAddress,
                server,
                kind,
                subject,
                arguments,
                decision,
                stage,
                requestId,
                status,
                isError,
                durationMs,
                bytes,
                detail);
    }
}
