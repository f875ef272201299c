package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.session.SessionClaims;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves a 2026-07-28 request: no {@code initialize}, no {@code Mcp-Session-Id}; everything the
 * ambassador needs to know about the client comes with the request. The request is handled by
 * the same {@link McpRequests} as a legacy one, so both eras reach downstreams through the same
 * checks; only the framing differs.
 */
@Component
class ModernEra {

    private final JsonMapper json;
    private final McpRequests requests;
    private final AnswerWriter answers;
    private final Clock clock;

    ModernEra(JsonMapper json, McpRequests requests, AnswerWriter answers, Clock clock) {
        this.json = json;
        this.requests = requests;
        this.answers = answers;
        this.clock = clock;
    }

    void serve(EraClassifier.Modern era, JsonNode message, SessionClaims caller, HttpServletResponse response)
            throws IOException, InterruptedException {
        JsonNode id = message.get("id");
        String method = message.get("method").asString();
        if (id == null) {
            // This era defines no client notification over HTTP: accepted, and nothing to do.
            response.setStatus(HttpStatus.ACCEPTED.value());
            return;
        }
        if (!ModernResults.METHODS.contains(method)) {
            reply(
                    response,
                    HttpStatus.NOT_FOUND,
                    JsonRpc.error(
                            id,
                            JsonRpc.METHOD_NOT_FOUND,
                            "Method not found: " + method + " is not part of protocol " + era.version() + "."));
            return;
        }
        if (method.equals("server/discover")) {
            reply(
                    response,
                    HttpStatus.OK,
                    JsonRpc.result(id, ModernResults.discover(requests.initializeResult(era.version(), caller))));
            return;
        }
        // A session for this one request: it carries the request's stream, log level and key.
        McpSession session = new McpSession(
                "modern-" + UUID.randomUUID(), caller.userId(), caller.sessionId(), era.version(), clock.instant());
        session.presharedKeyId(caller.presharedKeyId());
        LogLevel.parse(era.meta().path(EraClassifier.LOG_LEVEL_KEY).asString(""))
                .ifPresent(session::logLevel);
        answers.answer(
                answers.exchange(session, id),
                method,
                ModernResults.withoutEnvelope(message.path("params")),
                caller,
                answer -> ModernResults.frame(method, answer, McpRequests.serverInfo()),
                false,
                response);
    }

    private void reply(HttpServletResponse response, HttpStatus status, JsonNode body) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }
}
