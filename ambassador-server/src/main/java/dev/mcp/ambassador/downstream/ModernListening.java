package dev.mcp.ambassador.downstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code subscriptions/listen} request the ambassador keeps open toward one 2026-07-28
 * downstream, in place of a legacy server's unasked list changes and {@code resources/subscribe}.
 * It asks for every list change the server announces it can send ({@code listChanged} in its
 * {@code server/discover} capabilities) and for updates of the URIs clients subscribed to; it is
 * open exactly while something is wanted, and lives no longer than the downstream connection,
 * which itself follows the users' MCP sessions. A change of the URIs opens a new stream and
 * closes the old one once the new one is acknowledged; a stream that ends without being asked to
 * is opened again after a growing wait. What arrives on it goes on as a legacy server's
 * notification would, without the stream's id.
 */
final class ModernListening {

    static final String METHOD = "subscriptions/listen";
    static final String SUBSCRIPTION_ID_KEY = "io.modelcontextprotocol/subscriptionId";
    private static final String ACKNOWLEDGED = "notifications/subscriptions/acknowledged";
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration MAX_WAIT = Duration.ofSeconds(60);
    private static final Duration STABLE = Duration.ofSeconds(60);
    /** How long opening the connection waits for the first stream: the first call waits with it. */
    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Logger log = LoggerFactory.getLogger(ModernListening.class);

    /**
     * One listen request in flight: its JSON-RPC id, what completes when it ends (with its final
     * response, or null when the server ended it by notification or it was closed), and how to
     * end it from this side.
     */
    record Stream(long id, CompletableFuture<JsonNode> ended, Runnable close) {}

    private final String slug;
    private final Function<ObjectNode, Stream> opener;
    private final BooleanSupplier alive;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();
    private final Map<Long, CompletableFuture<JsonNode>> acknowledgements = new ConcurrentHashMap<>();
    private final Set<String> uris = new LinkedHashSet<>();
    private volatile JsonNode capabilities = NODES.objectNode();
    private Stream current;
    private Instant openedAt;
    private int failures;
    private boolean closed;

    /**
     * @param opener sends a listen request with the given params (the envelope is the opener's
     *     to add)
     * @param alive whether the downstream can still be listened to
     * @param timeout how long to wait for a stream to be acknowledged
     */
    ModernListening(String slug, Function<ObjectNode, Stream> opener, BooleanSupplier alive, Duration timeout) {
        this.slug = slug;
        this.opener = opener;
        this.alive = alive;
        this.timeout = timeout;
    }

    /** Opens the stream for the list changes {@code discovered} says the server sends, if any. */
    void start(JsonNode discovered) {
        Stream opened;
        synchronized (this) {
            capabilities = discovered == null ? NODES.objectNode() : discovered;
            opened = reopen();
        }
        // Waited for, so that what the server announces from the first call on is heard.
        if (opened != null && acknowledged(opened, START_WAIT.compareTo(timeout) < 0 ? START_WAIT : timeout) == null) {
            log.info("Downstream '{}' did not acknowledge its subscriptions/listen stream in time", slug);
        }
    }

    /** {@code resources/subscribe}: answered once the server acknowledged a stream with the URI. */
    synchronized JsonNode subscribe(String uri) {
        if (uris.contains(uri)) {
            return result();
        }
        uris.add(uri);
        Stream opened = reopen();
        JsonNode acknowledgement = opened == null ? null : acknowledged(opened);
        if (acknowledgement == null) {
            uris.remove(uri);
            return error(-32603, "Server '" + slug + "' did not acknowledge the subscription in time.");
        }
        for (JsonNode honored : acknowledgement.path("notifications").path("resourceSubscriptions")) {
            if (uri.equals(honored.asString(""))) {
                return result();
            }
        }
        uris.remove(uri);
        return error(-32602, "Server '" + slug + "' does not accept a subscription to that resource.");
    }

    /** {@code resources/unsubscribe}: the stream is opened again without the URI. */
    synchronized JsonNode unsubscribe(String uri) {
        if (uris.remove(uri)) {
            reopen();
        }
        return result();
    }

    /**
     * What the server sent outside any request, as it goes on: null for the acknowledgement of a
     * stream, which is this class's own business; otherwise the params without the stream's id.
     */
    JsonNode heard(String method, JsonNode params) {
        JsonNode id = params.path("_meta").path(SUBSCRIPTION_ID_KEY);
        if (method.equals(ACKNOWLEDGED)) {
            if (id.isIntegralNumber()) {
                acknowledgements
                        .computeIfAbsent(id.asLong(), key -> new CompletableFuture<>())
                        .complete(params);
            }
            return null;
        }
        if (id.isMissingNode() || !(params instanceof ObjectNode object)) {
            return params;
        }
        ObjectNode copy = object.deepCopy();
        ObjectNode meta = (ObjectNode) copy.get("_meta");
        meta.remove(SUBSCRIPTION_ID_KEY);
        if (meta.isEmpty()) {
            copy.remove("_meta");
        }
        return copy;
    }

    /** Ends the stream for good: the downstream connection is closing. */
    synchronized void close() {
        closed = true;
        Stream open = current;
        current = null;
        if (open != null) {
            end(open);
        }
    }

    /**
     * Opens a stream for what is wanted now, then ends the one it replaces once the new one is
     * acknowledged (or could not be). Null when none is wanted.
     */
    private Stream reopen() {
        Stream old = current;
        current = null;
        ObjectNode params = params();
        if (!closed && params.path("notifications").size() > 0) {
            try {
                current = opener.apply(params);
                openedAt = clock.instant();
                Stream opened = current;
                // Off the thread that ended it: on stdio that is the reader a waiting subscribe needs.
                opened.ended().whenComplete((response, failure) -> Thread.ofVirtual()
                        .name("downstream-" + slug + "-listen")
                        .start(() -> ended(opened)));
            } catch (DownstreamException e) {
                log.info("Could not open the subscriptions/listen stream of downstream '{}'", slug);
                retryLater(null);
            }
        }
        if (old != null) {
            // The old stream is heard until the new one is, so that nothing falls between them.
            if (current != null) {
                acknowledged(current);
            }
            end(old);
        }
        return current;
    }

    private void end(Stream stream) {
        acknowledgements.remove(stream.id());
        stream.close().run();
    }

    private synchronized void ended(Stream stream) {
        acknowledgements.remove(stream.id());
        if (closed || current != stream || !alive.getAsBoolean()) {
            return;
        }
        if (openedAt != null && openedAt.plus(STABLE).isBefore(clock.instant())) {
            failures = 0;
        }
        retryLater(stream);
    }

    private void retryLater(Stream stream) {
        failures++;
        long millis = Math.min(MAX_WAIT.toMillis(), FIRST_WAIT.toMillis() << Math.min(failures - 1, 16));
        log.info("The subscriptions/listen stream of downstream '{}' ended; opening it again in {} ms", slug, millis);
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS).execute(() -> {
            synchronized (this) {
                if (!closed && current == stream && alive.getAsBoolean()) {
                    reopen();
                }
            }
        });
    }

    /** The acknowledgement's params, or null when the stream ended or none came in time. */
    private JsonNode acknowledged(Stream stream) {
        return acknowledged(stream, timeout);
    }

    private JsonNode acknowledged(Stream stream, Duration wait) {
        CompletableFuture<JsonNode> acknowledgement =
                acknowledgements.computeIfAbsent(stream.id(), key -> new CompletableFuture<>());
        try {
            return CompletableFuture.anyOf(acknowledgement, stream.ended().thenApply(response -> null))
                                    .get(wait.toMillis(), TimeUnit.MILLISECONDS)
                            instanceof JsonNode params
                    ? params
                    : null;
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private ObjectNode params() {
        ObjectNode params = NODES.objectNode();
        ObjectNode wanted = params.putObject("notifications");
        for (String kind : new String[] {"tools", "prompts", "resources"}) {
            if (capabilities.path(kind).path("listChanged").asBoolean(false)) {
                wanted.put(kind + "ListChanged", true);
            }
        }
        if (!uris.isEmpty()) {
            uris.forEach(wanted.putArray("resourceSubscriptions")::add);
        }
        return params;
    }

    private static JsonNode result() {
        ObjectNode response = NODES.objectNode().put("jsonrpc", "2.0");
        response.putObject("result");
        return response;
    }

    private static JsonNode error(int code, String message) {
        ObjectNode response = NODES.objectNode().put("jsonrpc", "2.0");
        response.putObject("error").put("code", code).put("message", message);
        return response;
    }
}
