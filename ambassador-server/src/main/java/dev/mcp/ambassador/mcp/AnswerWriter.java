package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.redaction.Redactor;
import dev.mcp.ambassador.session.SessionClaims;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers one client request in either era: the request is handled by {@link McpRequests} on its
 * own thread while this one writes, plain JSON if the answer is all there is, an event stream as
 * soon as anything has to go out before it.
 */
@Component
class AnswerWriter {

    private static final Logger log = LoggerFactory.getLogger(AnswerWriter.class);
    private static final Duration ANSWER_WAIT = Duration.ofDays(1);

    private final JsonMapper json;
    private final McpRequests requests;
    private final Redactor redactor;

    AnswerWriter(JsonMapper json, McpRequests requests, Redactor redactor) {
        this.redactor = redactor;
        this.json = json;
        this.requests = requests;
    }

    /**
     * Handles {@code method} for the caller and writes the answer.
     *
     * @param framing applied to the JSON-RPC answer before it goes out (the era's result fields)
     * @param resumable whether the client may resume the stream later (legacy era only); a stream
     *     that cannot be resumed is cancelled when its client goes away
     */
    void answer(
            Exchange exchange,
            String method,
            JsonNode params,
            SessionClaims caller,
            UnaryOperator<JsonNode> framing,
            boolean resumable,
            HttpServletResponse response)
            throws IOException, InterruptedException {
        McpSession session = exchange.session();
        JsonNode id = exchange.requestId();
        session.begin(exchange);
        Thread.ofVirtual().name("mcp-" + method).start(() -> {
            JsonNode answer = JsonRpc.error(id, JsonRpc.INTERNAL_ERROR, "Internal error.");
            try {
                answer = framing.apply(requests.handle(id, method, params, caller, exchange));
            } catch (RuntimeException e) {
                log.error(
                        "Could not answer {}: {}",
                        redactor.forLog(method),
                        e.getClass().getName());
            } finally {
                // Whatever happened, the waiting response must end.
                session.end(exchange);
                exchange.respond(answer);
            }
        });
        write(exchange, exchange.stream(), resumable, response);
    }

    /**
     * Writes what {@code stream} carries for {@code exchange}, up to its answer: as plain JSON when
     * the answer is all there is, else as an event stream.
     */
    void write(Exchange exchange, EventStream stream, boolean resumable, HttpServletResponse response)
            throws IOException, InterruptedException {
        McpSession session = exchange.session();
        List<EventStream.Event> first = stream.after(0, ANSWER_WAIT);
        if (first.size() == 1 && stream.doneAfter(first.getFirst().sequence())) {
            session.answeredAsJson(stream);
            response.setStatus(status(first.getFirst().data(), resumable));
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream().write(first.getFirst().data().getBytes(StandardCharsets.UTF_8));
            return;
        }
        EventStreamResponse events = EventStreamResponse.start(response);
        if (resumable && session.primesStreams() && !events.prime(stream.idOf(0))) {
            return;
        }
        boolean delivered = events.pump(stream, 0, () -> !session.closed(), sequence -> {});
        if (!delivered && !resumable) {
            // Closing the stream is how a modern client cancels its request.
            exchange.cancel();
        }
    }

    /**
     * 200, but for the modern era's MissingRequiredClientCapabilityError and HeaderMismatch (of
     * {@code Mcp-Param-*} headers), which the 2026-07-28 specification answers with 400 Bad Request,
     * as it does its other refusals before dispatch.
     */
    private int status(String answer, boolean resumable) {
        if (resumable || !answer.contains("\"error\"")) {
            return HttpStatus.OK.value();
        }
        int code = json.readTree(answer).path("error").path("code").asInt(0);
        return code == ProtocolVersions.MISSING_CLIENT_CAPABILITY || code == ProtocolVersions.HEADER_MISMATCH
                ? HttpStatus.BAD_REQUEST.value()
                : HttpStatus.OK.value();
    }

    /** An exchange for a request of {@code session}, with a fresh stream for its answer. */
    Exchange exchange(McpSession session, JsonNode id, String clientAddress) {
        return new Exchange(session, id, session.openStream(), json, clientAddress);
    }
}
