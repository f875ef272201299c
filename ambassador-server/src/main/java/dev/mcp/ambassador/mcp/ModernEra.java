package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.session.SessionClaims;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
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
    private final InputRounds rounds;
    private final Clock clock;
    private final ModernListen listen;

    ModernEra(
            JsonMapper json,
            McpRequests requests,
            AnswerWriter answers,
            InputRounds rounds,
            Clock clock,
            ModernListen listen) {
        this.listen = listen;
        this.json = json;
        this.requests = requests;
        this.answers = answers;
        this.rounds = rounds;
        this.clock = clock;
    }

    void serve(
            EraClassifier.Modern era,
            JsonNode message,
            SessionClaims caller,
            String clientAddress,
            Map<String, String> paramHeaders,
            HttpServletResponse response)
            throws IOException, InterruptedException {
        JsonNode id = message.get("id");
        String method = message.get("method").asString();
        if (id == null) {
            // The one client notification this era has over HTTP: a cancelled listen stream.
            if (method.equals("notifications/cancelled")) {
                listen.cancelled(caller, message.path("params").get("requestId"));
            }
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
        if (method.equals(ModernListen.METHOD)) {
            listen.listen(era, id, message.path("params"), caller, clientAddress, response);
            return;
        }
        if (method.equals("server/discover")) {
            reply(
                    response,
                    HttpStatus.OK,
                    JsonRpc.result(id, ModernResults.discover(requests.initializeResult(era.version(), caller))));
            return;
        }
        JsonNode params = message.path("params");
        String name = nameOf(method, params);
        if (params.has("requestState")) {
            resume(id, method, name, params, caller, response);
            return;
        }
        // A session for this one request: it carries the request's stream, log level and key.
        McpSession session = new McpSession(
                "modern-" + UUID.randomUUID(), caller.userId(), caller.sessionId(), era.version(), clock.instant());
        session.presharedKeyId(caller.presharedKeyId());
        LogLevel.parse(era.meta().path(EraClassifier.LOG_LEVEL_KEY).asString(""))
                .ifPresent(session::logLevel);
        ModernExchange exchange = new ModernExchange(
                session,
                id,
                json,
                clientAddress,
                rounds,
                era.meta().path(EraClassifier.CLIENT_CAPABILITIES_KEY),
                method,
                name,
                paramHeaders);
        answers.answer(
                exchange,
                method,
                ModernResults.withoutEnvelope(params),
                caller,
                answer -> ModernResults.frame(method, answer, McpRequests.serverInfo()),
                false,
                response);
    }

    /**
     * A retry with {@code requestState}: the client's input goes to the downstream call that asked
     * for it, and the rest of that call's answer comes back on this request.
     */
    private void resume(
            JsonNode id,
            String method,
            String name,
            JsonNode params,
            SessionClaims caller,
            HttpServletResponse response)
            throws IOException, InterruptedException {
        JsonNode state = params.get("requestState");
        Optional<InputRounds.Round> found =
                state.isString() ? rounds.resume(state.asString(), caller.userId(), method, name) : Optional.empty();
        if (found.isEmpty()) {
            reply(
                    response,
                    HttpStatus.OK,
                    JsonRpc.error(
                            id,
                            JsonRpc.INVALID_PARAMS,
                            "Invalid params: requestState is not valid for this request, or its round has ended;"
                                    + " send the request again without requestState and inputResponses."));
            return;
        }
        InputRounds.Round round = found.get();
        JsonNode input = params.path("inputResponses");
        boolean answered = input.isObject();
        for (String key : round.inputRequests().propertyNames()) {
            answered &= input.path(key).isObject();
        }
        if (!answered) {
            // A question is still open: ask them again.
            rounds.reopen(round);
            reply(response, HttpStatus.OK, JsonRpc.result(id, InputRounds.inputRequired(round)));
            return;
        }
        EventStream next = round.exchange().session().openStream();
        round.exchange().continueOn(next, id);
        round.answer().complete(input);
        answers.write(round.exchange(), next, false, response);
    }

    /** What {@code Mcp-Name} names for a method, and what a round is bound to besides the method. */
    private static String nameOf(String method, JsonNode params) {
        JsonNode name = method.equals("resources/read") ? params.path("uri") : params.path("name");
        return name.isString() ? name.asString() : "";
    }

    private void reply(HttpServletResponse response, HttpStatus status, JsonNode body) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }
}
