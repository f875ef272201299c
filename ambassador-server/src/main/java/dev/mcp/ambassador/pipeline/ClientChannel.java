package dev.mcp.ambassador.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The client end of one request in flight. A downstream sends what belongs to that request here:
 * its progress, its log messages, and its own requests to the client ({@code sampling/createMessage},
 * {@code elicitation/create}, {@code roots/list}).
 */
public interface ClientChannel {

    /** The user whose request this is. */
    UUID userId();

    /** The client's MCP session; two channels with the same key reach the same client. */
    String sessionKey();

    /** Passes a notification on to the client. */
    void notify(String method, JsonNode params);

    /**
     * Sends a request to the client and waits for its whole JSON-RPC response, {@code result} or
     * {@code error}. Throws an unchecked exception when the client does not answer in time, is
     * gone, or the server withdraws the request through {@code cancellation}; in that last case
     * the client is told so.
     */
    JsonNode ask(String method, JsonNode params, Duration timeout, AskCancellation cancellation);

    /**
     * As {@link #ask}, for a question its server named {@code key}: a 2026-07-28 server names each
     * input request of its result, and a client of that era is asked under the same name.
     */
    default JsonNode ask(String key, String method, JsonNode params, Duration timeout, AskCancellation cancellation) {
        return ask(method, params, timeout, cancellation);
    }

    /**
     * Whether {@link #askAll} puts several questions to the client at once (a 2026-07-28 client,
     * in one {@code InputRequiredResult}); otherwise they are asked one after another.
     */
    default boolean asksAtOnce() {
        return false;
    }

    /**
     * Puts the client {@code questions} at once, each {@code {"method", "params"}} under the key
     * its server gave it, and waits for all the answers: each a whole JSON-RPC response, by key.
     * Only for a channel that {@link #asksAtOnce}; throws as {@link #ask} does.
     */
    default Map<String, JsonNode> askAll(
            Map<String, JsonNode> questions, Duration timeout, AskCancellation cancellation) {
        throw new UnsupportedOperationException("This client is asked one question at a time.");
    }

    /** Registers what to do if the client cancels its request. Runs at most once. */
    void onCancel(Runnable cancel);
}
