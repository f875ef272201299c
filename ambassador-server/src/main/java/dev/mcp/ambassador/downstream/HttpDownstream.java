package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.ClientChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One MCP session with a remote server over Streamable HTTP (MCP 2025-11-25, client side). Every
 * message is a POST; a request is answered with one JSON body or an event stream that carries the
 * server's progress, log messages and own requests before the response. {@link
 * StreamableHttpTransport} adds the configured headers, which are never logged, to every request.
 * When the server forgets the session (404, or 400 from servers that answer an unknown session
 * so), the session is opened again once and the request retried. Redirects are not followed, so
 * a redirect cannot lead past {@link DownstreamAddressGuard}.
 */
final class HttpDownstream implements Downstream {

    private static final Logger log = LoggerFactory.getLogger(HttpDownstream.class);
    private static final Set<String> PROTOCOL_VERSIONS = Set.of("2025-11-25", "2025-06-18", "2025-03-26");

    private final String slug;
    private final StreamableHttpTransport transport;
    private final String url;
    private final PinnedHttpClients clients;
    private final DownstreamAddressGuard guard;
    private final JsonMapper json;
    private final BiConsumer<String, JsonNode> unsolicited;
    private final Duration clientTimeout;
    private final AtomicLong ids = new AtomicLong();
    private final InFlightRequests inFlight = new InFlightRequests();
    private final Map<Long, Call> calls = new ConcurrentHashMap<>();
    private final Object sessionLock = new Object();
    private volatile JsonNode capabilities;
    private volatile long generation;
    private volatile boolean closed;
    private volatile InputStream listening;

    /** One request in flight: its answer, and the thread and body to drop when it is abandoned. */
    private static final class Call {
        final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        volatile Thread reader;
        volatile InputStream body;

        void abort() {
            InputStream open = body;
            if (open != null) {
                try {
                    open.close();
                } catch (IOException e) {
                    // The connection is being dropped anyway.
                }
            }
            Thread thread = reader;
            if (thread != null && thread != Thread.currentThread()) {
                thread.interrupt();
            }
        }
    }

    private HttpDownstream(
            CatalogServer server,
            PinnedHttpClients clients,
            DownstreamAddressGuard guard,
            JsonMapper json,
            BiConsumer<String, JsonNode> unsolicited,
            Duration clientTimeout) {
        this.slug = server.slug();
        this.transport = new StreamableHttpTransport(server.slug(), server.headers(), json);
        this.url = server.url();
        this.clients = clients;
        this.guard = guard;
        this.json = json;
        this.unsolicited = unsolicited;
        this.clientTimeout = clientTimeout;
    }

    /**
     * Checks the server's URL with {@code guard} and opens an MCP session with it, at the address
     * that was checked. Notifications that belong to no request go to {@code unsolicited}.
     *
     * @throws DownstreamException when the URL is refused, the server cannot be reached or refuses
     *     to initialize
     */
    static HttpDownstream start(
            CatalogServer server,
            PinnedHttpClients clients,
            DownstreamAddressGuard guard,
            JsonMapper json,
            Duration timeout,
            BiConsumer<String, JsonNode> unsolicited) {
        HttpDownstream downstream = new HttpDownstream(server, clients, guard, json, unsolicited, timeout);
        try {
            downstream.initialize(timeout);
        } catch (DownstreamException e) {
            downstream.close();
            throw e;
        }
        log.info("Opened a session with remote downstream '{}'", server.slug());
        Thread.ofVirtual().name("downstream-" + server.slug() + "-listens").start(downstream::listen);
        return downstream;
    }

    @Override
    public JsonNode request(String method, JsonNode params, Duration timeout, ClientChannel caller) {
        long id = ids.incrementAndGet();
        ObjectNode message =
                json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        JsonNode sent = inFlight.begin(id, params, caller);
        if (sent != null && !sent.isNull()) {
            message.set("params", sent);
        }
        Call call = new Call();
        if (caller != null) {
            caller.onCancel(() -> {
                cancel(id, "cancelled by the client");
                call.answer.completeExceptionally(new DownstreamException("The client cancelled the request."));
            });
        }
        try {
            return await(id, call, timeout, () -> exchange(message, id, caller, timeout, call));
        } catch (DownstreamException e) {
            if (e.timedOut()) {
                cancel(id, "timed out");
            }
            throw e;
        } finally {
            inFlight.end(id);
        }
    }

    @Override
    public void notify(String method, JsonNode params) {
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        if (!closed) {
            transport.postAndForget(message, method);
        }
    }

    @Override
    public JsonNode capabilities() {
        return capabilities;
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public boolean alive() {
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        InputStream stream = listening;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // Dropping the connection is all that was wanted.
            }
        }
        calls.values().forEach(call -> {
            call.answer.completeExceptionally(new DownstreamException("Server '" + slug + "' was stopped."));
            call.abort();
        });
        transport.deleteSession();
    }

    private void initialize(Duration timeout) {
        // Checked again for every new session, and the session goes to the address just checked.
        transport.routeTo(clients.route(checked(slug, url, guard), slug));
        long id = ids.incrementAndGet();
        ObjectNode message =
                json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", "initialize");
        ObjectNode params = message.putObject("params").put("protocolVersion", StdioDownstream.PROTOCOL_VERSION);
        params.set("capabilities", RelayedClientCapabilities.create());
        params.putObject("clientInfo").put("name", "mcp-ambassador").put("version", "0.1.0");
        Call call = new Call();
        JsonNode response = await(id, call, timeout, () -> {
            HttpResponse<InputStream> answer = transport.postInitialize(message, timeout);
            String session = answer.headers().firstValue("Mcp-Session-Id").orElse(null);
            if (session != null && !session.matches("[\\x21-\\x7e]{1,512}")) {
                throw new DownstreamException("Server '" + slug + "' sent an invalid session id.");
            }
            JsonNode result = read(answer, id, null, call);
            String version = result.at("/result/protocolVersion").asString("");
            if (!result.has("error") && !PROTOCOL_VERSIONS.contains(version)) {
                throw new DownstreamException("Server '" + slug + "' speaks an MCP version the ambassador does not.");
            }
            transport.useSession(session, version);
            return result;
        });
        if (response.has("error")) {
            throw new DownstreamException("Server '" + slug + "' refused to initialize.");
        }
        capabilities = response.at("/result/capabilities");
        generation++;
        notify("notifications/initialized", null);
    }

    /** Runs {@code work} on its own thread and waits for it, so a timeout or cancel can drop it. */
    private JsonNode await(long id, Call call, Duration timeout, Exchange work) {
        if (closed) {
            throw new DownstreamException("Server '" + slug + "' was stopped.");
        }
        calls.put(id, call);
        call.reader = Thread.ofVirtual().name("downstream-" + slug + "-" + id).start(() -> {
            try {
                call.answer.complete(work.run());
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
            call.abort();
        }
    }

    @FunctionalInterface
    private interface Exchange {
        JsonNode run();
    }

    private JsonNode exchange(ObjectNode message, long id, ClientChannel caller, Duration timeout, Call call) {
        String session = transport.sessionId();
        HttpResponse<InputStream> response = transport.post(message, timeout);
        int status = response.statusCode();
        if (session != null && (status == 404 || status == 400)) {
            // The server no longer knows the session (a restart, an expiry): open a new one, once.
            StreamableHttpTransport.discard(response);
            log.info("Remote downstream '{}' dropped its session; opening a new one", slug);
            renewSession(session);
            response = transport.post(message, timeout);
        }
        return read(response, id, caller, call);
    }

    private void renewSession(String stale) {
        synchronized (sessionLock) {
            if (stale.equals(transport.sessionId())) {
                initialize(clientTimeout);
            }
        }
    }

    /** Reads the response to request {@code id}, handling what the server sends before it. */
    private JsonNode read(HttpResponse<InputStream> response, long id, ClientChannel caller, Call call) {
        try (InputStream body = response.body()) {
            call.body = body;
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                throw new DownstreamException("Server '" + slug + "' answered HTTP " + status + ".");
            }
            String type =
                    response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (type.startsWith("application/json")) {
                byte[] bytes = body.readNBytes(StdioDownstream.MAX_MESSAGE_BYTES + 1);
                if (bytes.length > StdioDownstream.MAX_MESSAGE_BYTES) {
                    throw new DownstreamException("Server '" + slug + "' sent an answer over the size limit.");
                }
                JsonNode answer = route(json.readTree(bytes), id, caller);
                if (answer != null) {
                    return answer;
                }
            } else if (type.startsWith("text/event-stream")) {
                ServerSentEvents events = new ServerSentEvents(body);
                for (ServerSentEvents.Event event = events.next(); event != null; event = events.next()) {
                    if (!event.type().equals("message") || event.data().isBlank()) {
                        continue;
                    }
                    JsonNode answer = route(parse(event.data()), id, caller);
                    if (answer != null) {
                        return answer;
                    }
                }
            } else {
                throw new DownstreamException("Server '" + slug + "' answered with an unexpected content type.");
            }
            throw new DownstreamException("Server '" + slug + "' ended its answer without a response.");
        } catch (IOException | JacksonException e) {
            throw new DownstreamException("Server '" + slug + "' broke off its answer.");
        }
    }

    /** Handles one message from the server; returns it when it is the response to {@code id}. */
    private JsonNode route(JsonNode message, long id, ClientChannel caller) {
        if (message == null || !message.isObject()) {
            return null;
        }
        JsonNode messageId = message.get("id");
        if (messageId != null && !message.has("method")) {
            boolean ours = messageId.isIntegralNumber() && messageId.asLong() == id;
            return ours && (message.has("result") || message.has("error")) ? message : null;
        }
        if (messageId != null) {
            // Asking the client may take minutes; the stream must be read on meanwhile.
            Thread.ofVirtual().name("downstream-" + slug + "-asks").start(() -> {
                ObjectNode answer = inFlight.answer(message, Optional.ofNullable(caller), clientTimeout);
                if (answer != null) {
                    transport.postAndForget(answer, "a response");
                }
            });
            return null;
        }
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
            case "notifications/cancelled" -> inFlight.withdraw(params);
            case "" -> {
                // Not a message MCP knows; nothing to relay.
            }
            default -> unsolicited.accept(method, params);
        }
        return null;
    }

    /**
     * Keeps the session's GET stream open while the session lives, so list changes, resource
     * updates and task status the server sends on its own reach the listener. A dropped stream is
     * resumed after its last event, with growing pauses while the server keeps failing; a server
     * that offers no stream (405) is not asked again.
     */
    private void listen() {
        String lastEventId = null;
        String lastEventSession = null;
        String servedSession = null;
        int failures = 0;
        while (!closed) {
            try {
                String session = transport.sessionId();
                if (!Objects.equals(session, lastEventSession)) {
                    // Event ids belong to the session that sent them; a new session starts afresh.
                    lastEventId = null;
                }
                HttpResponse<InputStream> response = transport.listen(lastEventId);
                if (session != null && (response.statusCode() == 404 || response.statusCode() == 400)) {
                    StreamableHttpTransport.discard(response);
                    if (!session.equals(servedSession)) {
                        // Refused on a session it never streamed for: the server has no GET
                        // stream here, whatever status it uses to say so.
                        log.debug("Remote downstream '{}' offers no GET stream", slug);
                        return;
                    }
                    // The server forgot a session it streamed for: open a new one now, not on the
                    // next call, or whatever it announces meanwhile would be lost.
                    renewSession(session);
                    throw new DownstreamException("Server '" + slug + "' forgot the session.");
                }
                String type =
                        response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
                if (response.statusCode() == 405) {
                    StreamableHttpTransport.discard(response);
                    log.debug("Remote downstream '{}' offers no GET stream", slug);
                    return;
                }
                if (response.statusCode() / 100 != 2 || !type.startsWith("text/event-stream")) {
                    StreamableHttpTransport.discard(response);
                    throw new DownstreamException("Server '" + slug + "' refused its GET stream.");
                }
                failures = 0;
                servedSession = session;
                try (InputStream body = response.body()) {
                    listening = body;
                    ServerSentEvents events = new ServerSentEvents(body);
                    for (ServerSentEvents.Event event = events.next();
                            event != null && !closed;
                            event = events.next()) {
                        if (event.id() != null) {
                            lastEventId = event.id();
                            lastEventSession = session;
                        }
                        if (event.type().equals("message") && !event.data().isBlank()) {
                            route(parse(event.data()), -1, null);
                        }
                    }
                }
            } catch (DownstreamException | IOException e) {
                failures++;
                log.debug("GET stream of downstream '{}' failed ({} in a row): {}", slug, failures, e.getMessage());
            } finally {
                listening = null;
            }
            if (!closed && !pause(Duration.ofSeconds(Math.min(30, 1L << Math.min(failures, 5))))) {
                return;
            }
        }
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode parse(String data) {
        try {
            return json.readTree(data);
        } catch (JacksonException e) {
            log.debug("Downstream '{}' sent an event that is not JSON", slug);
            return null;
        }
    }

    private static DownstreamAddressGuard.Target checked(String slug, String url, DownstreamAddressGuard guard) {
        try {
            return guard.target(url);
        } catch (DownstreamAddressGuard.Refused e) {
            log.warn("Refusing to connect to downstream '{}': its URL {}", slug, e.getMessage());
            throw new DownstreamException(
                    "Server '" + slug + "' has an address the ambassador may not connect to; see the ambassador log.");
        }
    }
}
