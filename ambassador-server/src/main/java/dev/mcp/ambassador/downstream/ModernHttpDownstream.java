package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.ClientChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A remote server that speaks MCP 2026-07-28, over Streamable HTTP. There is no session: nothing
 * is opened but the checked route, and every request carries the {@link ModernEnvelope}. A request
 * is answered with one JSON body or an event stream with progress and log messages before the
 * result. Closing that stream is how a request is cancelled: this era has no cancel notification.
 *
 * <p>A server that needs the user's input answers {@code InputRequiredResult}, whose rounds {@link
 * ModernRounds} answers. List changes and resource updates come on a {@code subscriptions/listen}
 * request held open ({@link ModernListening}), a POST whose event stream carries them; {@code
 * resources/subscribe} and {@code resources/unsubscribe} change what it listens to.
 *
 * <p>A {@code tools/call} carries the {@code Mcp-Param-*} headers its tool declares ({@link
 * ParamHeaders}), made from the call's arguments, as the tool's last listing declared them.
 */
final class ModernHttpDownstream implements Downstream {

    private static final Logger log = LoggerFactory.getLogger(ModernHttpDownstream.class);

    private final String slug;
    private final StreamableHttpTransport transport;
    private final JsonMapper json;
    private final BiConsumer<String, JsonNode> unsolicited;
    private final ModernRounds rounds;
    private final ModernListening listening;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();
    private final InFlightRequests inFlight = new InFlightRequests();
    private final Map<Long, ModernCall> calls = new ConcurrentHashMap<>();
    /** The {@code Mcp-Param-*} headers each tool declares, as its last listing showed them. */
    private final Map<String, List<ParamHeaders.Declaration>> paramHeaders = new ConcurrentHashMap<>();

    private volatile JsonNode capabilities;
    private volatile boolean closed;

    private ModernHttpDownstream(
            CatalogServer server, JsonMapper json, BiConsumer<String, JsonNode> unsolicited, Duration clientTimeout) {
        this.slug = server.slug();
        this.transport = new StreamableHttpTransport(server.slug(), server.headers(), json);
        this.json = json;
        this.unsolicited = unsolicited;
        this.rounds = new ModernRounds(server.slug(), clientTimeout);
        this.timeout = clientTimeout;
        this.listening = new ModernListening(server.slug(), this::openListen, this::alive, clientTimeout);
    }

    /**
     * Asks the server, at the address {@code guard} checked, which versions it speaks ({@code
     * server/discover} in 2026-07-28 form). Empty when it does not offer 2026-07-28: it answered
     * with an HTTP error status, a JSON-RPC error, or a list without that version.
     *
     * @throws DownstreamException when the URL is refused or the server cannot be reached
     */
    static Optional<ModernHttpDownstream> discover(
            CatalogServer server,
            PinnedHttpClients clients,
            DownstreamAddressGuard guard,
            JsonMapper json,
            Duration timeout,
            BiConsumer<String, JsonNode> unsolicited) {
        ModernHttpDownstream downstream = new ModernHttpDownstream(server, json, unsolicited, timeout);
        downstream.transport.routeTo(clients.route(RemoteDownstreams.checked(server, guard), server.slug()));
        JsonNode answer;
        try {
            answer = downstream.send("server/discover", json.createObjectNode(), timeout, null);
        } catch (ModernCall.StatusRefused e) {
            return Optional.empty();
        }
        if (!ModernEnvelope.offered(answer)) {
            return Optional.empty();
        }
        downstream.capabilities = answer.at("/result/capabilities");
        log.info("Remote downstream '{}' speaks {}", server.slug(), ModernEnvelope.VERSION);
        downstream.listening.start(downstream.capabilities);
        return Optional.of(downstream);
    }

    @Override
    public JsonNode request(String method, JsonNode params, Duration timeout, ClientChannel caller) {
        String uri = params == null ? "" : params.path("uri").asString("");
        if (method.equals("resources/subscribe")) {
            return listening.subscribe(uri);
        }
        if (method.equals("resources/unsubscribe")) {
            return listening.unsubscribe(uri);
        }
        long first = ids.incrementAndGet();
        // The progress token names the first id, and stays the same in every round.
        JsonNode sent = inFlight.begin(first, params, caller);
        try {
            JsonNode result = rounds.run(
                    first, ModernEnvelope.params(sent), caller, current -> send(method, current, timeout, caller));
            if (method.equals("tools/list")) {
                remember(result.path("result").path("tools"));
            }
            return result;
        } catch (ModernCall.StatusRefused e) {
            throw new DownstreamException(e.getMessage());
        } finally {
            inFlight.end(first);
        }
    }

    /** One POST and its answer, on a thread of its own, so a timeout or the caller can drop it. */
    private JsonNode send(String method, ObjectNode params, Duration timeout, ClientChannel caller) {
        if (closed) {
            throw new DownstreamException("Server '" + slug + "' was stopped.");
        }
        long id = ids.incrementAndGet();
        ObjectNode message =
                json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", ModernEnvelope.params(params));
        Map<String, String> headers = ModernEnvelope.headers(method, params);
        if (method.equals("tools/call")) {
            List<ParamHeaders.Declaration> declared =
                    paramHeaders.getOrDefault(params.path("name").asString(""), List.of());
            headers.putAll(ParamHeaders.headers(declared, params.path("arguments")));
        }
        ModernCall call = new ModernCall(slug, json, id, caller, this::route);
        if (caller != null) {
            caller.onCancel(() ->
                    call.answer.completeExceptionally(new DownstreamException("The client cancelled the request.")));
        }
        calls.put(id, call);
        call.reader = Thread.ofVirtual().name("downstream-" + slug + "-" + id).start(() -> {
            try {
                call.answer.complete(call.read(transport.postModern(message, timeout, headers)));
            } catch (DownstreamException e) {
                call.answer.completeExceptionally(e);
            } catch (RuntimeException e) {
                log.debug(
                        "Exchange with downstream '{}' failed: {}",
                        slug,
                        e.getClass().getSimpleName());
                call.answer.completeExceptionally(new DownstreamException("Server '" + slug + "' failed."));
            }
        });
        try {
            return Answers.await(call.answer, timeout, slug);
        } finally {
            calls.remove(id);
            // Closing the answer's stream is what cancels the request at the server.
            call.abort();
        }
    }

    /**
     * Opens a {@code subscriptions/listen} request whose answer stays open; closing it is how it is
     * cancelled, as for any request of this era.
     */
    private ModernListening.Stream openListen(ObjectNode params) {
        if (closed) {
            throw new DownstreamException("Server '" + slug + "' was stopped.");
        }
        long id = ids.incrementAndGet();
        ObjectNode message =
                json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", ModernListening.METHOD);
        message.set("params", ModernEnvelope.params(params));
        Map<String, String> headers = ModernEnvelope.headers(ModernListening.METHOD, params);
        ModernCall call = new ModernCall(slug, json, id, null, this::route);
        call.reader = Thread.ofVirtual()
                .name("downstream-" + slug + "-listen-" + id)
                .start(() -> {
                    try {
                        call.answer.complete(call.read(transport.postModern(message, timeout, headers)));
                    } catch (RuntimeException e) {
                        call.answer.completeExceptionally(e);
                    }
                });
        return new ModernListening.Stream(id, call.answer, call::abort);
    }

    @Override
    public List<ParamHeaders.Declaration> paramHeaders(String tool) {
        return paramHeaders.getOrDefault(tool, List.of());
    }

    private void remember(JsonNode tools) {
        for (JsonNode tool : tools) {
            String name = tool.path("name").asString("");
            List<ParamHeaders.Declaration> declared = ParamHeaders.declarations(tool.path("inputSchema"));
            if (declared.isEmpty()) {
                paramHeaders.remove(name);
            } else {
                paramHeaders.put(name, declared);
            }
        }
    }

    /** Handles a message that is not the answer: progress and log messages. */
    private void route(JsonNode message, ClientChannel caller) {
        String method = message.path("method").asString("");
        JsonNode params = message.path("params");
        switch (method) {
            case "notifications/progress" -> inFlight.progress(params);
            case "notifications/message" -> {
                if (caller != null) {
                    caller.notify(method, params);
                } else {
                    unsolicited.accept(method, params);
                }
            }
            case "" -> {
                // A request: this era's servers ask through InputRequiredResult, never like this.
            }
            default -> {
                JsonNode passed = listening.heard(method, params);
                if (passed != null) {
                    unsolicited.accept(method, passed);
                }
            }
        }
    }

    /** This era has no notifications from client to server over HTTP: nothing is sent. */
    @Override
    public void notify(String method, JsonNode params) {
        log.debug("Not sending {} to 2026-07-28 downstream '{}'", method, slug);
    }

    /** A request is cancelled by closing its answer, which {@link #send} does when it gives up. */
    @Override
    public void cancel(long id, String reason) {
        ModernCall call = calls.get(id);
        if (call != null) {
            call.abort();
        }
    }

    @Override
    public JsonNode capabilities() {
        return capabilities;
    }

    @Override
    public boolean alive() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        listening.close();
        calls.values().forEach(call -> {
            call.answer.completeExceptionally(new DownstreamException("Server '" + slug + "' was stopped."));
            call.abort();
        });
    }
}
