package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.ClientChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
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
    private static final Duration LISTENER_END_WAIT = Duration.ofSeconds(2);

    private final String slug;
    private final StreamableHttpTransport transport;
    private final String url;
    private final PinnedHttpClients clients;
    private final DownstreamAddressGuard guard;
    private final JsonMapper json;
    private final Duration clientTimeout;
    private final JsonRpcSession session;
    private final Object sessionLock = new Object();
    private final EventStreamListener listener;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Thread listening;

    /** One request in flight: the thread and body to drop when it is abandoned. */
    private static final class Call {
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
        this.clientTimeout = clientTimeout;
        // Each answer comes on the stream of its own request, which says whose a message is.
        this.session = new JsonRpcSession(slug, new Posts(), unsolicited, clientTimeout, false);
        this.listener = new EventStreamListener(
                slug, transport, this::renewSession, message -> session.receive(parse(message), null));
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
        downstream.listening = Thread.ofVirtual()
                .name("downstream-" + server.slug() + "-listens")
                .start(downstream.listener::listen);
        return downstream;
    }

    @Override
    public JsonNode request(String method, JsonNode params, Duration timeout, ClientChannel caller) {
        return session.request(method, params, timeout, caller);
    }

    @Override
    public void notify(String method, JsonNode params) {
        session.notify(method, params);
    }

    @Override
    public JsonNode capabilities() {
        return session.capabilities();
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
        listener.close();
        awaitListenerEnd();
        session.failAll("Server '" + slug + "' was stopped.");
        transport.deleteSession();
    }

    /**
     * Ends the GET stream's thread before the session is deleted, so that no GET it was about to
     * send reaches the server after the DELETE (and reopens what was just closed).
     */
    private void awaitListenerEnd() {
        Thread thread = listening;
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(LISTENER_END_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void initialize(Duration timeout) {
        // Checked again for every new session, and the session goes to the address just checked.
        transport.routeTo(clients.route(checked(slug, url, guard), slug));
        session.initialize(timeout);
        generation++;
    }

    /** POSTs each message; a request's answer is read from the body on a thread of its own. */
    private final class Posts implements JsonRpcSession.Transport {

        @Override
        public Runnable sendRequest(long id, ObjectNode request, ClientChannel caller, Duration timeout) {
            if (closed) {
                throw new DownstreamException("Server '" + slug + "' was stopped.");
            }
            Call call = new Call();
            call.reader = Thread.ofVirtual()
                    .name("downstream-" + slug + "-" + id)
                    .start(() -> {
                        try {
                            session.complete(id, exchange(request, id, caller, timeout, call));
                        } catch (DownstreamException e) {
                            session.fail(id, e);
                        } catch (RuntimeException e) {
                            log.debug(
                                    "Exchange with downstream '{}' failed: {}",
                                    slug,
                                    e.getClass().getSimpleName());
                            session.fail(id, new DownstreamException("Server '" + slug + "' failed."));
                        }
                    });
            return call::abort;
        }

        @Override
        public void send(ObjectNode message) {
            if (!closed) {
                transport.postAndForget(message, message.path("method").asString("a response"));
            }
        }
    }

    private JsonNode exchange(ObjectNode message, long id, ClientChannel caller, Duration timeout, Call call) {
        if (message.path("method").asString("").equals("initialize")) {
            return initializeExchange(message, id, timeout, call);
        }
        String current = transport.sessionId();
        HttpResponse<InputStream> response = transport.post(message, timeout);
        int status = response.statusCode();
        if (current != null && (status == 404 || status == 400)) {
            // The server no longer knows the session (a restart, an expiry): open a new one, once.
            StreamableHttpTransport.discard(response);
            log.info("Remote downstream '{}' dropped its session; opening a new one", slug);
            renewSession(current);
            response = transport.post(message, timeout);
        }
        return read(response, id, caller, call);
    }

    /** POSTs {@code initialize} outside any session and starts using the session it opens. */
    private JsonNode initializeExchange(ObjectNode message, long id, Duration timeout, Call call) {
        HttpResponse<InputStream> answer = transport.postInitialize(message, timeout);
        String opened = answer.headers().firstValue("Mcp-Session-Id").orElse(null);
        if (opened != null && !opened.matches("[\\x21-\\x7e]{1,512}")) {
            throw new DownstreamException("Server '" + slug + "' sent an invalid session id.");
        }
        JsonNode result = read(answer, id, null, call);
        String version = result.at("/result/protocolVersion").asString("");
        if (!result.has("error") && !PROTOCOL_VERSIONS.contains(version)) {
            throw new DownstreamException("Server '" + slug + "' speaks an MCP version the ambassador does not.");
        }
        transport.useSession(opened, version);
        return result;
    }

    private void renewSession(String stale) {
        synchronized (sessionLock) {
            if (stale.equals(transport.sessionId())) {
                initialize(clientTimeout);
            }
        }
    }

    /** Reads the response to request {@code id}, handing what the server sends before it to the session. */
    private JsonNode read(HttpResponse<InputStream> response, long id, ClientChannel caller, Call call) {
        InputStream body = response.body();
        boolean handedOn = false;
        try {
            call.body = body;
            int status = response.statusCode();
            if (status < 200 || status > 299) {
                throw new DownstreamException("Server '" + slug + "' answered HTTP " + status + ".");
            }
            String type =
                    response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (type.startsWith("application/json")) {
                byte[] bytes = body.readNBytes(JsonRpcSession.MAX_MESSAGE_BYTES + 1);
                if (bytes.length > JsonRpcSession.MAX_MESSAGE_BYTES) {
                    throw new DownstreamException("Server '" + slug + "' sent an answer over the size limit.");
                }
                JsonNode message = json.readTree(bytes);
                if (JsonRpcSession.isResponseTo(message, id)) {
                    return message;
                }
                session.receive(message, caller);
            } else if (type.startsWith("text/event-stream")) {
                ServerSentEvents events = new ServerSentEvents(body);
                for (ServerSentEvents.Event event = events.next(); event != null; event = events.next()) {
                    if (!event.type().equals("message") || event.data().isBlank()) {
                        continue;
                    }
                    JsonNode message = parse(event.data());
                    if (message != null && JsonRpcSession.isResponseTo(message, id)) {
                        // The end of the stream is awaited elsewhere; dropping the call must not cut it.
                        call.body = null;
                        handedOn = true;
                        StreamableHttpTransport.finishInBackground(body);
                        return message;
                    }
                    session.receive(message, caller);
                }
            } else {
                throw new DownstreamException("Server '" + slug + "' answered with an unexpected content type.");
            }
            throw new DownstreamException("Server '" + slug + "' ended its answer without a response.");
        } catch (IOException | JacksonException e) {
            throw new DownstreamException("Server '" + slug + "' broke off its answer.");
        } finally {
            if (!handedOn) {
                StreamableHttpTransport.closeQuietly(body);
            }
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
