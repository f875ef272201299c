package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.downstream.DownstreamException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One live MCP session ({@code Mcp-Session-Id}): what the client said it supports, its streams,
 * the requests it has in flight and the requests it was asked and has yet to answer.
 */
final class McpSession {

    /** Stream 0 is the session's own GET stream; POST streams count up from 1. */
    static final int STANDALONE = 0;

    private static final int STANDALONE_CAPACITY = 1_000;
    private static final int POST_STREAM_CAPACITY = 10_000;
    private static final long STREAM_BYTES = 4L * 1024 * 1024;
    /** Finished streams are kept for resumption within this many streams, bytes and minutes. */
    private static final int KEPT_STREAMS = 32;

    private static final long KEPT_BYTES = 8L * 1024 * 1024;
    private static final long KEPT_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final String id;
    private final UUID userId;
    private final UUID clientSessionId;
    private final String protocolVersion;
    private final Instant createdAt;
    private final AtomicInteger streamNumbers = new AtomicInteger();
    private final AtomicLong askIds = new AtomicLong();
    private final AtomicLong standaloneReaders = new AtomicLong();
    private final EventStream standalone = new EventStream(STANDALONE, STANDALONE_CAPACITY, STREAM_BYTES);
    private final Map<Integer, EventStream> streams = new LinkedHashMap<>();
    private final Map<String, Exchange> inFlight = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonNode>> awaitingAnswers = new ConcurrentHashMap<>();
    /** A resource subscription as the downstream holds it, and the URI the client used. */
    record Subscription(CatalogServer server, UUID owner, String downstreamUri, String clientUri) {}

    /** By subscription key ({@link McpSessions#subscriptionKey}). */
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

    private volatile JsonNode clientCapabilities = JsonNodeFactory.instance.objectNode();
    private volatile LogLevel logLevel;
    private volatile UUID presharedKeyId;
    private volatile long standaloneDelivered;
    private volatile Instant lastActive;
    private volatile boolean closed;
    /** For a 2026-07-28 {@code subscriptions/listen} stream: what it carries; null for a legacy session. */
    private volatile ListenFilter listen;

    McpSession(String id, UUID userId, UUID clientSessionId, String protocolVersion, Instant createdAt) {
        this.id = id;
        this.userId = userId;
        this.clientSessionId = clientSessionId;
        this.protocolVersion = protocolVersion;
        this.createdAt = createdAt;
        this.lastActive = createdAt;
    }

    Instant lastActive() {
        return lastActive;
    }

    void touch(Instant now) {
        lastActive = now;
    }

    String id() {
        return id;
    }

    UUID userId() {
        return userId;
    }

    UUID clientSessionId() {
        return clientSessionId;
    }

    String protocolVersion() {
        return protocolVersion;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** Clients before 2025-11-25 do not expect the empty priming event. */
    boolean primesStreams() {
        return protocolVersion.compareTo("2025-11-25") >= 0;
    }

    JsonNode clientCapabilities() {
        return clientCapabilities;
    }

    void clientCapabilities(JsonNode capabilities) {
        this.clientCapabilities =
                capabilities == null || !capabilities.isObject() ? JsonNodeFactory.instance.objectNode() : capabilities;
    }

    /** The key the client registered with; its scope limits what the session may hear of. */
    UUID presharedKeyId() {
        return presharedKeyId;
    }

    void presharedKeyId(UUID keyId) {
        this.presharedKeyId = keyId;
    }

    Optional<LogLevel> logLevel() {
        return Optional.ofNullable(logLevel);
    }

    void logLevel(LogLevel level) {
        this.logLevel = level;
    }

    Map<String, Subscription> subscriptions() {
        return subscriptions;
    }

    boolean closed() {
        return closed;
    }

    // --- streams -------------------------------------------------------------------------------

    EventStream standalone() {
        return standalone;
    }

    ListenFilter listen() {
        return listen;
    }

    /** Makes this the session of a {@code subscriptions/listen} stream; set before others can see it. */
    void listen(ListenFilter filter) {
        this.listen = filter;
    }

    /**
     * Sends a message on the GET stream (or the listen stream, if the client asked for that kind):
     * delivered now if a client reads it, else when one does.
     */
    void sendStandalone(String message) {
        ListenFilter filter = listen;
        String delivered = filter == null ? message : filter.deliver(message);
        if (!closed && delivered != null) {
            standalone.append(delivered);
        }
    }

    synchronized EventStream openStream() {
        EventStream stream = new EventStream(streamNumbers.incrementAndGet(), POST_STREAM_CAPACITY, STREAM_BYTES);
        streams.put(stream.number(), stream);
        forgetOldFinishedStreams();
        return stream;
    }

    /**
     * Forgets a stream whose answer went out as plain JSON: there is nothing to resume. Streams
     * sent as events are kept, since a write that left the server may still not have reached the
     * client, for a few minutes or until newer ones push them out.
     */
    synchronized void answeredAsJson(EventStream stream) {
        streams.remove(stream.number());
    }

    /**
     * Finished streams go once they are five minutes old, or, oldest first, once there are too
     * many or they hold too much.
     */
    private void forgetOldFinishedStreams() {
        long retained = 0;
        int finished = 0;
        for (EventStream stream : streams.values()) {
            if (stream.finished()) {
                retained += stream.retainedBytes();
                finished++;
            }
        }
        long now = System.nanoTime();
        Iterator<EventStream> oldestFirst = streams.values().iterator();
        while (oldestFirst.hasNext()) {
            EventStream stream = oldestFirst.next();
            boolean tooMany = finished > KEPT_STREAMS || retained > KEPT_BYTES;
            if (stream.finished() && (tooMany || now - stream.finishedAt() > KEPT_NANOS)) {
                retained -= stream.retainedBytes();
                finished--;
                oldestFirst.remove();
            }
        }
    }

    synchronized Optional<EventStream> stream(long number) {
        if (number == STANDALONE) {
            return Optional.of(standalone);
        }
        forgetOldFinishedStreams();
        return Optional.ofNullable(streams.get((int) number));
    }

    /** A new reader of the GET stream takes over from the one before, which then stops. */
    long attachStandaloneReader() {
        return standaloneReaders.incrementAndGet();
    }

    boolean isCurrentStandaloneReader(long reader) {
        return standaloneReaders.get() == reader && !closed;
    }

    long standaloneDelivered() {
        return standaloneDelivered;
    }

    void standaloneDelivered(long sequence) {
        if (sequence > standaloneDelivered) {
            standaloneDelivered = sequence;
        }
    }

    // --- requests in both directions -----------------------------------------------------------

    void begin(Exchange exchange) {
        inFlight.put(exchange.requestKey(), exchange);
    }

    void end(Exchange exchange) {
        inFlight.remove(exchange.requestKey(), exchange);
    }

    /** Handles the client's {@code notifications/cancelled} for one of its requests. */
    void cancel(JsonNode requestId) {
        Exchange exchange = inFlight.get(Exchange.keyOf(requestId));
        if (exchange != null) {
            exchange.cancel();
        }
    }

    /** Registers a request to the client; its answer completes the returned future. */
    String expectAnswer(CompletableFuture<JsonNode> answer) {
        String askId = "ambassador-" + askIds.incrementAndGet();
        awaitingAnswers.put(askId, answer);
        return askId;
    }

    void forgetAnswer(String askId) {
        awaitingAnswers.remove(askId);
    }

    /** Routes the client's answer to a request it was sent; false when no such request waits. */
    boolean answer(JsonNode response) {
        JsonNode id = response.get("id");
        if (id == null || !id.isString()) {
            return false;
        }
        CompletableFuture<JsonNode> waiting = awaitingAnswers.remove(id.asString());
        return waiting != null && waiting.complete(response);
    }

    /** Ends everything the session has going: the GET stream stops, waiting requests are cancelled. */
    void close() {
        closed = true;
        standalone.finish();
        inFlight.values().forEach(Exchange::cancel);
        awaitingAnswers
                .values()
                .forEach(answer -> answer.completeExceptionally(new DownstreamException("The MCP session ended.")));
        awaitingAnswers.clear();
    }
}
