package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.pipeline.AskCancellation;
import dev.mcp.ambassador.pipeline.ClientChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The requests one downstream session is working on, and whose each one is. A shared process sees
 * many clients, whose progress tokens may well collide, so each token is replaced by the
 * ambassador's own on the way down and put back on the way up.
 */
final class InFlightRequests {

    private static final String TOKEN_PREFIX = "ambassador-";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private record Entry(ClientChannel caller, JsonNode clientToken) {}

    private final Map<Long, Entry> requests = new ConcurrentHashMap<>();
    private final Map<String, AskCancellation> asks = new ConcurrentHashMap<>();

    /**
     * Records a request going downstream and returns the params to send: the same, except that a
     * progress token is replaced by one that names this request.
     */
    JsonNode begin(long id, JsonNode params, ClientChannel caller) {
        JsonNode clientToken = params == null ? null : params.path("_meta").get("progressToken");
        requests.put(id, new Entry(caller, clientToken));
        if (clientToken == null || caller == null) {
            return params;
        }
        ObjectNode copy = (ObjectNode) params.deepCopy();
        ((ObjectNode) copy.get("_meta")).put("progressToken", TOKEN_PREFIX + id);
        return copy;
    }

    void end(long id) {
        requests.remove(id);
    }

    /** Passes {@code notifications/progress} to the client whose request it is about, if any. */
    void progress(JsonNode params) {
        String token = params.path("progressToken").asString("");
        if (!token.startsWith(TOKEN_PREFIX)) {
            return;
        }
        Entry entry;
        try {
            entry = requests.get(Long.parseLong(token.substring(TOKEN_PREFIX.length())));
        } catch (NumberFormatException e) {
            return;
        }
        if (entry == null || entry.caller() == null || entry.clientToken() == null) {
            return;
        }
        ObjectNode copy = (ObjectNode) params.deepCopy();
        copy.set("progressToken", entry.clientToken());
        entry.caller().notify("notifications/progress", copy);
    }

    /**
     * The client a message that names no request must be for: present only when every request in
     * flight comes from one client session. With two clients waiting there is no telling, and
     * guessing could hand one user's data to another.
     */
    Optional<ClientChannel> soleCaller() {
        ClientChannel found = null;
        for (Entry entry : requests.values()) {
            if (entry.caller() == null) {
                continue;
            }
            if (found != null && !found.sessionKey().equals(entry.caller().sessionKey())) {
                return Optional.empty();
            }
            found = entry.caller();
        }
        return Optional.ofNullable(found);
    }

    /**
     * The answer to a request from a process that all its users share. Over stdio nothing says
     * which client a server's request is for, and a server may well ask after the call that caused
     * it has ended; guessing could show one user's prompt to another. So no client is asked:
     * {@code ping} is answered, {@code roots/list} gets no roots (a shared process must not work in
     * one user's folders for another), and anything else is refused with what to do about it.
     */
    static ObjectNode answerForSharedProcess(JsonNode request, String slug) {
        String method = request.path("method").asString("");
        ObjectNode response = NODES.objectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        switch (method) {
            case "ping" -> response.putObject("result");
            case "roots/list" -> response.putObject("result").putArray("roots");
            default ->
                response.putObject("error")
                        .put("code", -32603)
                        .put(
                                "message",
                                "Server '" + slug + "' is shared by all its users, so the ambassador cannot tell whose"
                                        + " client should answer " + method
                                        + "; an administrator can run it per user (isolation per_user).");
        }
        return response;
    }

    /**
     * Answers a request the server sent its client ({@code sampling/createMessage}, {@code
     * elicitation/create}, {@code roots/list}, {@code ping}) by asking {@code caller}, and returns
     * the response to send back downstream under the server's own id; null when the server
     * withdrew the request meanwhile, since it wants no answer then.
     */
    ObjectNode answer(JsonNode request, Optional<ClientChannel> caller, Duration timeout) {
        return answer(request, null, caller, timeout);
    }

    /** As above, for the input request its server named {@code inputKey} (null when unnamed). */
    ObjectNode answer(JsonNode request, String inputKey, Optional<ClientChannel> caller, Duration timeout) {
        String method = request.path("method").asString("");
        JsonNode id = request.get("id");
        ObjectNode response = NODES.objectNode().put("jsonrpc", "2.0");
        response.set("id", id);
        if (method.equals("ping")) {
            response.putObject("result");
            return response;
        }
        if (caller.isEmpty()) {
            response.putObject("error")
                    .put("code", -32603)
                    .put("message", "The ambassador cannot tell which client " + method + " is for.");
            return response;
        }
        AskCancellation cancellation = new AskCancellation();
        String key = String.valueOf(id);
        asks.put(key, cancellation);
        try {
            JsonNode answer = inputKey == null
                    ? caller.get().ask(method, request.get("params"), timeout, cancellation)
                    : caller.get().ask(inputKey, method, request.get("params"), timeout, cancellation);
            if (answer.has("error")) {
                response.set("error", answer.get("error"));
            } else {
                response.set("result", answer.path("result"));
            }
        } catch (DownstreamException e) {
            response.putObject("error").put("code", -32603).put("message", e.getMessage());
        } finally {
            asks.remove(key, cancellation);
        }
        return cancellation.cancelled() ? null : response;
    }

    /** Handles the server's {@code notifications/cancelled} for a request it sent the client. */
    void withdraw(JsonNode params) {
        AskCancellation cancellation = asks.get(String.valueOf(params.get("requestId")));
        if (cancellation != null) {
            cancellation.cancel();
        }
    }
}
