package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.session.SessionClaims;
import dev.mcp.ambassador.web.ClientAddresses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP Streamable HTTP endpoint. Every request here is already authenticated by its session
 * token; the {@code Mcp-Session-Id} only selects which of the caller's MCP sessions it belongs to.
 *
 * <p>A request is answered with plain JSON unless something has to reach the client before the
 * answer (progress, a log message, a server's request for sampling or elicitation); then the
 * answer becomes an event stream that carries those first. Each stream can be resumed with
 * {@code Last-Event-ID} on a GET, and the GET stream carries what belongs to no request.
 *
 * <p>Each POST is first assigned its protocol era ({@link EraClassifier}): 2026-07-28 requests
 * carry everything in themselves and go to {@link ModernEra} without a session; the rest is the
 * legacy era, served here. Both are answered by the same {@link McpRequests}.
 */
@RestController
class McpEndpoint {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String PROTOCOL_HEADER = "MCP-Protocol-Version";
    static final String METHOD_HEADER = "Mcp-Method";
    static final String NAME_HEADER = "Mcp-Name";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    /** The largest message a client may send; anything larger is refused before it is parsed. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final JsonMapper json;
    private final McpSessions sessions;
    private final McpRequests requests;
    private final AnswerWriter answers;
    private final ModernEra modernEra;
    private final OriginPolicy origins;
    private final ClientAddresses addresses;

    McpEndpoint(
            JsonMapper json,
            McpSessions sessions,
            McpRequests requests,
            AnswerWriter answers,
            ModernEra modernEra,
            OriginPolicy origins,
            ClientAddresses addresses) {
        this.addresses = addresses;
        this.json = json;
        this.sessions = sessions;
        this.requests = requests;
        this.answers = answers;
        this.modernEra = modernEra;
        this.origins = origins;
    }

    @PostMapping(path = "/mcp")
    void post(
            @RequestHeader(name = SESSION_HEADER, required = false) String sessionId,
            @RequestHeader(name = PROTOCOL_HEADER, required = false) String protocolVersion,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            @AuthenticationPrincipal SessionClaims caller,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, InterruptedException {
        if (refusedByOrigin(request, response)) {
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            reply(
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    JsonRpc.error(
                            null, JsonRpc.INVALID_REQUEST, "The message is larger than " + MAX_BODY_BYTES + " bytes."));
            return;
        }
        JsonNode message;
        try {
            message = json.readTree(body);
        } catch (JacksonException e) {
            reply(
                    response,
                    HttpStatus.BAD_REQUEST,
                    JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: the body is not JSON."));
            return;
        }
        if (message == null || message.isMissingNode()) {
            reply(
                    response,
                    HttpStatus.BAD_REQUEST,
                    JsonRpc.error(null, JsonRpc.PARSE_ERROR, "Parse error: the body is empty."));
            return;
        }
        if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asString(""))) {
            String why = message.isArray() ? "batches are not supported" : "not a JSON-RPC 2.0 message";
            reply(
                    response,
                    HttpStatus.BAD_REQUEST,
                    JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Invalid request: " + why + "."));
            return;
        }
        JsonNode id = message.get("id");
        if (!accepts(accept, MediaType.APPLICATION_JSON) || !accepts(accept, MediaType.TEXT_EVENT_STREAM)) {
            reply(
                    response,
                    HttpStatus.NOT_ACCEPTABLE,
                    JsonRpc.error(
                            id,
                            JsonRpc.INVALID_REQUEST,
                            "The Accept header must list application/json and text/event-stream."));
            return;
        }
        EraClassifier.Era era = EraClassifier.classify(
                message,
                new EraClassifier.Headers(
                        protocolVersion, request.getHeader(METHOD_HEADER), request.getHeader(NAME_HEADER)));
        if (era instanceof EraClassifier.Refused refused) {
            reply(response, refused.status(), refused.response());
            return;
        }
        if (era instanceof EraClassifier.Modern modern) {
            modernEra.serve(modern, message, caller, addresses.of(request), ParamHeaderCheck.sent(request), response);
            return;
        }
        String method =
                message.path("method").isString() ? message.path("method").asString() : null;
        if ("initialize".equals(method) && id != null) {
            initialize(id, message.path("params"), caller, response);
            return;
        }
        Optional<McpSession> session = session(sessionId, id, caller, response);
        if (session.isEmpty()) {
            return;
        }
        if (method == null) {
            // The client's answer to a request the ambassador relayed to it.
            session.get().answer(message);
            response.setStatus(HttpStatus.ACCEPTED.value());
            return;
        }
        if (id == null) {
            if (method.equals("notifications/cancelled")) {
                session.get().cancel(message.path("params").get("requestId"));
            }
            response.setStatus(HttpStatus.ACCEPTED.value());
            return;
        }
        Exchange exchange = answers.exchange(session.get(), id, addresses.of(request));
        answers.answer(exchange, method, message.path("params"), caller, answer -> answer, true, response);
    }

    @GetMapping(path = "/mcp")
    void get(
            @RequestHeader(name = SESSION_HEADER, required = false) String sessionId,
            @RequestHeader(name = PROTOCOL_HEADER, required = false) String protocolVersion,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            @RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId,
            @AuthenticationPrincipal SessionClaims caller,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, InterruptedException {
        if (refusedByOrigin(request, response)) {
            return;
        }
        if (!accepts(accept, MediaType.TEXT_EVENT_STREAM)) {
            reply(
                    response,
                    HttpStatus.NOT_ACCEPTABLE,
                    JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "The Accept header must list text/event-stream."));
            return;
        }
        if (protocolVersion != null && !ProtocolVersions.supported(protocolVersion.strip())) {
            reply(response, HttpStatus.BAD_REQUEST, ProtocolVersions.unsupported(null, protocolVersion.strip()));
            return;
        }
        if (protocolVersion != null && ProtocolVersions.modern(protocolVersion.strip())) {
            reply(
                    response,
                    HttpStatus.METHOD_NOT_ALLOWED,
                    JsonRpc.error(
                            null,
                            JsonRpc.INVALID_REQUEST,
                            "Protocol " + ProtocolVersions.MODERN + " has no GET stream; send subscriptions/listen."));
            return;
        }
        Optional<McpSession> found = session(sessionId, null, caller, response);
        if (found.isEmpty()) {
            return;
        }
        McpSession session = found.get();
        Optional<long[]> resumeFrom = EventStream.parseId(lastEventId);
        Optional<EventStream> resumed = resumeFrom.flatMap(position -> session.stream(position[0]));
        if (resumeFrom.isPresent() && resumeFrom.get()[0] != McpSession.STANDALONE) {
            if (resumed.isEmpty()) {
                // Not the session's GET stream: taking that over would cut off its real reader.
                reply(
                        response,
                        HttpStatus.BAD_REQUEST,
                        JsonRpc.error(
                                null,
                                JsonRpc.INVALID_REQUEST,
                                "Last-Event-ID names a stream this session no longer keeps."));
                return;
            }
            EventStreamResponse events = EventStreamResponse.start(response);
            events.pump(resumed.get(), resumeFrom.get()[1], () -> !session.closed(), sequence -> {});
            return;
        }
        long reader = session.attachStandaloneReader();
        long from = resumed.isPresent() ? resumeFrom.get()[1] : session.standaloneDelivered();
        EventStreamResponse events = EventStreamResponse.start(response);
        if (session.primesStreams()) {
            events.prime(session.standalone().idOf(from));
        }
        events.pump(
                session.standalone(),
                from,
                () -> {
                    sessions.keepAlive(session);
                    return session.isCurrentStandaloneReader(reader);
                },
                session::standaloneDelivered);
    }

    @DeleteMapping(path = "/mcp")
    void delete(
            @RequestHeader(name = SESSION_HEADER, required = false) String sessionId,
            @AuthenticationPrincipal SessionClaims caller,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        if (refusedByOrigin(request, response)) {
            return;
        }
        if (sessionId == null) {
            reply(
                    response,
                    HttpStatus.BAD_REQUEST,
                    JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "Missing Mcp-Session-Id."));
            return;
        }
        response.setStatus(
                sessions.close(sessionId, caller.userId())
                        ? HttpStatus.NO_CONTENT.value()
                        : HttpStatus.NOT_FOUND.value());
    }

    private void initialize(JsonNode id, JsonNode params, SessionClaims caller, HttpServletResponse response)
            throws IOException {
        String requested = params.path("protocolVersion").asString("");
        String negotiated =
                ProtocolVersions.LEGACY.contains(requested) ? requested : ProtocolVersions.LEGACY.getFirst();
        McpSession session = sessions.open(caller.userId(), caller.sessionId(), caller.presharedKeyId(), negotiated);
        session.clientCapabilities(params.path("capabilities"));
        response.setHeader(SESSION_HEADER, session.id());
        reply(response, HttpStatus.OK, JsonRpc.result(id, requests.initializeResult(negotiated, caller)));
    }

    /** Answers 403 and returns true when the request's Host or Origin is not one the ambassador serves. */
    private boolean refusedByOrigin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> refusal = origins.refusal(request);
        if (refusal.isPresent()) {
            reply(response, HttpStatus.FORBIDDEN, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, refusal.get()));
        }
        return refusal.isPresent();
    }

    /**
     * The caller's MCP session named by {@code sessionId}; when there is none, the answer (400
     * without an id, 404 for an unknown one) is already sent and the result is empty.
     */
    private Optional<McpSession> session(
            String sessionId, JsonNode requestId, SessionClaims caller, HttpServletResponse response)
            throws IOException {
        if (sessionId == null) {
            reply(
                    response,
                    HttpStatus.BAD_REQUEST,
                    JsonRpc.error(
                            requestId, JsonRpc.INVALID_REQUEST, "Missing Mcp-Session-Id: send initialize first."));
            return Optional.empty();
        }
        Optional<McpSession> session = sessions.find(sessionId, caller.userId());
        if (session.isEmpty()) {
            reply(
                    response,
                    HttpStatus.NOT_FOUND,
                    JsonRpc.error(requestId, JsonRpc.INVALID_REQUEST, "Unknown or ended MCP session."));
        }
        return session;
    }

    private static boolean accepts(String accept, MediaType wanted) {
        if (accept == null) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(type -> type.includes(wanted));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void reply(HttpServletResponse response, HttpStatus status, JsonNode body) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }
}
