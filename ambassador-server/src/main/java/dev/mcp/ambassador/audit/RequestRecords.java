package dev.mcp.ambassador.audit;

import dev.mcp.ambassador.pipeline.DownstreamRequest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns a pipeline request into the request row of the audit trail: who (user, key, session,
 * client name, address), what (server, kind, tool/prompt/URI, arguments) and the decision.
 */
@Component
class RequestRecords {

    private static final int CACHED_SESSIONS = 10_000;

    private final JdbcClient jdbc;
    /** Client name and username per client session: both fixed for a session's life. */
    private final Map<UUID, Who> bySession = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Who> eldest) {
            return size() > CACHED_SESSIONS;
        }
    });

    RequestRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Who(String clientName, String username) {}

    AuditRecord request(DownstreamRequest request, String decision, String stage, JsonNode detail) {
        Who who = who(request);
        return new AuditRecord(
                "mcp.request",
                null,
                request.userId(),
                who.username(),
                request.presharedKeyId(),
                request.sessionId(),
                request.origin().mcpSessionId(),
                request.origin().era(),
                request.origin().protocolVersion(),
                who.clientName(),
                request.origin().clientAddress(),
                request.serverSlug(),
                request.kind().method(),
                request.subject() == null ? null : request.subject().name(),
                request.params(),
                decision,
                stage,
                null,
                null,
                null,
                null,
                null,
                detail);
    }

    AuditRecord result(
            DownstreamRequest request, long requestId, String status, Boolean isError, long durationMs, long bytes) {
        return new AuditRecord(
                "mcp.result",
                null,
                request.userId(),
                who(request).username(),
                request.presharedKeyId(),
                request.sessionId(),
                request.origin().mcpSessionId(),
                request.origin().era(),
                request.origin().protocolVersion(),
                null,
                null,
                request.serverSlug(),
                request.kind().method(),
                request.subject() == null ? null : request.subject().name(),
                null,
                null,
                null,
                requestId,
                status,
                isError,
                durationMs,
                bytes,
                null);
    }

    private Who who(DownstreamRequest request) {
        if (request.sessionId() == null) {
            return new Who(null, username(request.userId()));
        }
        Who known = bySession.get(request.sessionId());
        if (known == null) {
            Optional<String> clientName = jdbc.sql("select client_name from client_sessions where id = ?")
                    .param(request.sessionId())
                    .query(String.class)
                    .optional();
            known = new Who(clientName.orElse(null), username(request.userId()));
            bySession.put(request.sessionId(), known);
        }
        return known;
    }

    private String username(UUID userId) {
        return userId == null
                ? null
                : jdbc.sql("select username from users where id = ?")
                        .param(userId)
                        .query(String.class)
                        .optional()
                        .orElse(null);
    }
}
