package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.pipeline.ClientChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON-RPC side of one MCP session with a downstream server, whatever carries its messages: the
 * ambassador's own request ids, the answers waited for and matched back by id, cancelling a request
 * that timed out or that its client gave up, the initialize handshake, and where each message the
 * server sends on its own goes (progress and log messages to the client they are about, the
 * server's requests to the client that can answer them, the rest to {@code unsolicited}). A {@link
 * Transport} only moves messages: it sends what this class builds and hands back what arrives.
 */
final class JsonRpcSession {

    static final String PROTOCOL_VERSION = "2025-11-25";

    /** The largest message a server may send; one past it is dropped, never buffered whole. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What carries the messages of one session. */
    interface Transport {

        /**
         * Sends request {@code id}, whose response comes back through {@link #receive} or {@link
         * #complete} (or {@link #fail}). Returns what to do once nobody waits for it any more, such
         * as dropping the connection its answer was to come on.
         *
         * @param caller the client the request is for, or null
         * @throws DownstreamException when the request cannot be sent
         */
        Runnable sendRequest(long id, ObjectNode request, ClientChannel caller, Duration timeout);

        /** Sends a notification or a response; a server that is gone is not an error here. */
        void send(ObjectNode message);
    }

    private final String slug;
    private final Transport transport;
    private final BiConsumer<String, JsonNode> unsolicited;
    private final Duration clientTimeout;
    private final boolean shared;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<JsonNode>> streams = new ConcurrentHashMap<>();
    private final InFlightRequests inFlight = new InFlightRequests();
    private volatile JsonNode capabilities;

    /**
     * @param unsolicited hears what the server announces outside any request
     * @param clientTimeout how long a client may take to answer a request of the server
     * @param shared true when every user of the server shares this session over a transport that
     *     says nothing of whose a message is (one stdio process): then no client is asked anything
     *     and no log message is given to a client
     */
    JsonRpcSession(
            String slug,
            Transport transport,
            BiConsumer<String, JsonNode> unsolicited,
            Duration clientTimeout,
            boolean shared) {
        this.slug = slug;
        this.transport = transport;
        this.unsolicited = unsolicited;
        this.clientTimeout = clientTimeout;
        this.shared = shared;
    }

    /** As {@link Downstream#request}. */
    JsonNode request(String method, JsonNode params, Duration timeout, ClientChannel caller) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message =
                NODES.objectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        JsonNode sent = inFlight.begin(id, params, caller);
        if (sent != null && !sent.isNull()) {
            message.set("params", sent);
        }
        if (caller != null) {
            caller.onCancel(() -> {
                cancel(id, "cancelled by the client");
                answer.completeExceptionally(new DownstreamException("The client cancelled the request."));
            });
        }
        Runnable done = () -> {};
        try {
            done = transport.sendRequest(id, message, caller, timeout);
            return Answers.await(answer, timeout, slug);
        } catch (DownstreamException e) {
            if (e.timedOut()) {
                cancel(id, "timed out");
            }
            throw e;
        } finally {
            pending.remove(id);
            inFlight.end(id);
            done.run();
        }
    }

    /** As {@link Downstream#notify}. */
    void notify(String method, JsonNode params) {
        ObjectNode message = NODES.objectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        transport.send(message);
    }

    private void cancel(long id, String reason) {
        notify(
                "notifications/cancelled",
                NODES.objectNode().put("requestId", id).put("reason", reason));
    }

    /**
     * Opens the session: {@code initialize} with the capabilities the ambassador relays, then
     * {@code notifications/initialized}.
     *
     * @throws DownstreamException when the server cannot be reached or refuses
     */
    void initialize(Duration timeout) {
        ObjectNode params = NODES.objectNode().put("protocolVersion", PROTOCOL_VERSION);
        params.set("capabilities", RelayedClientCapabilities.create());
        params.putObject("clientInfo").put("name", "mcp-ambassador").put("version", "0.1.0");
        JsonNode response = request("initialize", params, timeout, null);
        if (response.has("error")) {
            throw new DownstreamException("Server '" + slug + "' refused to initialize.");
        }
        capabilities = response.at("/result/capabilities");
        notify("notifications/initialized", null);
    }

    /** What the server said it supports at its last initialize or discover; null before. */
    JsonNode capabilities() {
        return capabilities;
    }

    /** What the server said it supports in its {@code server/discover} answer (2026-07-28). */
    void capabilities(JsonNode discovered) {
        capabilities = discovered;
    }

    /**
     * Sends a request that stays open until the server ends it, with its result or its own
     * {@code notifications/cancelled}, or until {@link ModernListening.Stream#close} cancels it
     * ({@code subscriptions/listen}). What the server sends meanwhile is handled as any message
     * that names no request. Such a request never makes the session {@link #busy}: a process that
     * only listens is idle.
     *
     * @throws DownstreamException when the request cannot be sent
     */
    ModernListening.Stream openStream(String method, JsonNode params) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> ended = new CompletableFuture<>();
        streams.put(id, ended);
        ended.whenComplete((response, failure) -> streams.remove(id, ended));
        ObjectNode message =
                NODES.objectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        try {
            transport.sendRequest(id, message, null, Duration.ZERO);
        } catch (DownstreamException e) {
            ended.completeExceptionally(e);
            throw e;
        }
        return new ModernListening.Stream(id, ended, () -> {
            if (streams.remove(id, ended)) {
                cancel(id, "no longer needed");
                ended.complete(null);
            }
        });
    }

    /** True while a request waits for its answer; a stream left open does not count. */
    boolean busy() {
        return !pending.isEmpty();
    }

    /** True when {@code message} is the response to request {@code id}. */
    static boolean isResponseTo(JsonNode message, long id) {
        JsonNode messageId = message.get("id");
        return messageId != null
                && !message.has("method")
                && messageId.isIntegralNumber()
                && messageId.asLong() == id
                && (message.has("result") || message.has("error"));
    }

    /** Request {@code id} was answered with {@code response}. */
    void complete(long id, JsonNode response) {
        CompletableFuture<JsonNode> answer = pending.get(id);
        if (answer == null) {
            answer = streams.get(id);
        }
        if (answer != null) {
            answer.complete(response);
        }
    }

    /** Request {@code id} cannot be answered any more. */
    void fail(long id, DownstreamException failure) {
        CompletableFuture<JsonNode> answer = pending.get(id);
        if (answer != null) {
            answer.completeExceptionally(failure);
        }
    }

    /** Fails every request still waiting: the transport is gone. */
    void failAll(String reason) {
        pending.values().forEach(answer -> answer.completeExceptionally(new DownstreamException(reason)));
        streams.values().forEach(stream -> stream.completeExceptionally(new DownstreamException(reason)));
    }

    /**
     * Handles a message that arrived where nothing says which request it is about (a stdio
     * process's output): a message that names no request belongs to the one client every request
     * in flight comes from, if there is one and the session is not shared.
     */
    void receive(JsonNode message) {
        dispatch(message, shared ? Optional.empty() : inFlight.soleCaller());
    }

    /**
     * Handles a message that arrived on a stream that belongs to {@code caller}'s request; null for
     * a stream that belongs to no request (such as the GET stream of Streamable HTTP).
     */
    void receive(JsonNode message, ClientChannel caller) {
        dispatch(message, Optional.ofNullable(caller));
    }

    private void dispatch(JsonNode message, Optional<ClientChannel> caller) {
        if (message == null || !message.isObject()) {
            return;
        }
        JsonNode id = message.get("id");
        if (id != null && !message.has("method")) {
            if (id.isIntegralNumber() && (message.has("result") || message.has("error"))) {
                complete(id.asLong(), message);
            }
        } else if (id != null) {
            answerServerRequest(message, caller);
        } else if (message.path("method").isString()) {
            String method = message.get("method").asString();
            JsonNode params = message.path("params");
            switch (method) {
                case "notifications/progress" -> inFlight.progress(params);
                // From a shared process, nothing says whose a log message is; it goes to the
                // listener, which keeps it from every client.
                case "notifications/message" ->
                    caller.ifPresentOrElse(
                            client -> client.notify(method, params), () -> unsolicited.accept(method, params));
                case "notifications/cancelled" -> {
                    // A server ends a stream the ambassador opened this way, and withdraws its own
                    // requests to the client.
                    CompletableFuture<JsonNode> stream =
                            params.path("requestId").isIntegralNumber()
                                    ? streams.get(params.path("requestId").asLong())
                                    : null;
                    if (stream != null) {
                        stream.complete(null);
                    } else {
                        inFlight.withdraw(params);
                    }
                }
                case "" -> {
                    // Not a message MCP knows; nothing to relay.
                }
                default -> unsolicited.accept(method, params);
            }
        }
    }

    private void answerServerRequest(JsonNode request, Optional<ClientChannel> caller) {
        if (shared) {
            transport.send(InFlightRequests.answerForSharedProcess(request, slug));
            return;
        }
        // Asking the client may take minutes; the transport must go on reading meanwhile.
        Thread.ofVirtual().name("downstream-" + slug + "-asks").start(() -> {
            ObjectNode answer = inFlight.answer(request, caller, clientTimeout);
            if (answer != null) {
                transport.send(answer);
            }
        });
    }
}
