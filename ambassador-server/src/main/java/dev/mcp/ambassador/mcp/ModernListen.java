package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.session.SessionClaims;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code subscriptions/listen} (2026-07-28): what the legacy era's GET stream and {@code
 * resources/subscribe} do, on one long-lived answer to one request. The stream is a session of its
 * own among the legacy ones, so everything that tells sessions of list changes and resource
 * updates reaches it too, filtered by what the client opted in to. Each URI it listens to is
 * subscribed through the pipeline, as {@code resources/subscribe} is; the acknowledgement names
 * the ones that were. Closing the stream, or cancelling the listen request, ends the session and
 * with it the subscriptions; when the ambassador ends it (shutdown, a revoked client session), the
 * listen request is answered with its empty result.
 */
@Component
class ModernListen {

    static final String METHOD = "subscriptions/listen";
    /** Each listened URI is a subscription through the pipeline: one request may ask for this many. */
    static final int MAX_RESOURCE_SUBSCRIPTIONS = 100;

    private final JsonMapper json;
    private final McpSessions sessions;
    private final McpRequests requests;
    private final AnswerWriter answers;

    ModernListen(JsonMapper json, McpSessions sessions, McpRequests requests, AnswerWriter answers) {
        this.json = json;
        this.sessions = sessions;
        this.requests = requests;
        this.answers = answers;
    }

    void listen(
            EraClassifier.Modern era,
            JsonNode id,
            JsonNode params,
            SessionClaims caller,
            String clientAddress,
            HttpServletResponse response)
            throws IOException, InterruptedException {
        JsonNode wanted = params.path("notifications");
        Optional<String> invalid = invalid(wanted);
        if (invalid.isPresent()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream()
                    .write(json.writeValueAsBytes(JsonRpc.error(id, JsonRpc.INVALID_PARAMS, invalid.get())));
            return;
        }
        ListenFilter filter = new ListenFilter(
                id,
                wanted.path("toolsListChanged").asBoolean(false),
                wanted.path("promptsListChanged").asBoolean(false),
                wanted.path("resourcesListChanged").asBoolean(false));
        McpSession session =
                sessions.open(caller.userId(), caller.sessionId(), caller.presharedKeyId(), era.version(), filter);
        try {
            session.clientCapabilities(era.meta().path(EraClassifier.CLIENT_CAPABILITIES_KEY));
            List<String> honored = new ArrayList<>();
            for (JsonNode uri : wanted.path("resourceSubscriptions")) {
                Exchange exchange = answers.exchange(session, id, clientAddress);
                JsonNode answer = requests.handle(
                        id,
                        "resources/subscribe",
                        json.createObjectNode().put("uri", uri.asString()),
                        caller,
                        exchange);
                if (answer.has("result")) {
                    honored.add(uri.asString());
                }
            }
            EventStreamResponse events = EventStreamResponse.start(response);
            EventStream stream = session.standalone();
            if (!events.event(stream.idOf(0), json.writeValueAsString(acknowledged(filter, wanted, honored)))) {
                return;
            }
            boolean endedByUs = events.pump(
                    stream,
                    0,
                    () -> {
                        sessions.keepAlive(session);
                        return true;
                    },
                    sequence -> {});
            if (endedByUs) {
                ObjectNode result = json.createObjectNode().put("jsonrpc", "2.0");
                result.set("id", id);
                result.putObject("result").put("resultType", "complete");
                events.event(stream.idOf(0), json.writeValueAsString(filter.stamped(result)));
            }
        } finally {
            sessions.close(session.id(), caller.userId());
        }
    }

    /** Ends the listen stream the client opened with request {@code requestId}, if it is one. */
    void cancelled(SessionClaims caller, JsonNode requestId) {
        if (requestId != null) {
            sessions.listening(caller.userId(), caller.sessionId(), requestId)
                    .ifPresent(session -> sessions.close(session.id(), caller.userId()));
        }
    }

    private ObjectNode acknowledged(ListenFilter filter, JsonNode wanted, List<String> honored) {
        ObjectNode message =
                json.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/subscriptions/acknowledged");
        ObjectNode notifications = message.putObject("params").putObject("notifications");
        if (filter.tools()) {
            notifications.put("toolsListChanged", true);
        }
        if (filter.prompts()) {
            notifications.put("promptsListChanged", true);
        }
        if (filter.resources()) {
            notifications.put("resourcesListChanged", true);
        }
        if (wanted.has("resourceSubscriptions")) {
            honored.forEach(notifications.putArray("resourceSubscriptions")::add);
        }
        return filter.stamped(message);
    }

    private static Optional<String> invalid(JsonNode wanted) {
        if (!wanted.isObject()) {
            return Optional.of("Invalid params: subscriptions/listen needs params.notifications, an object.");
        }
        for (String flag : List.of("toolsListChanged", "promptsListChanged", "resourcesListChanged")) {
            if (wanted.has(flag) && !wanted.get(flag).isBoolean()) {
                return Optional.of("Invalid params: params.notifications." + flag + " must be true or false.");
            }
        }
        JsonNode uris = wanted.path("resourceSubscriptions");
        if (wanted.has("resourceSubscriptions")
                && (!uris.isArray() || uris.valueStream().anyMatch(uri -> !uri.isString()))) {
            return Optional.of("Invalid params: params.notifications.resourceSubscriptions must be an array of URIs.");
        }
        if (uris.size() > MAX_RESOURCE_SUBSCRIPTIONS) {
            return Optional.of("Invalid params: params.notifications.resourceSubscriptions may name at most "
                    + MAX_RESOURCE_SUBSCRIPTIONS + " URIs.");
        }
        return Optional.empty();
    }
}
