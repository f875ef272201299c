package dev.mcp.ambassador.downstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of one remote MCP session: every request goes to the one endpoint, at the address
 * the guard checked ({@link PinnedHttpClients.Route}), with the configured headers (never logged),
 * and, once the session is open, with {@code Mcp-Session-Id} and {@code MCP-Protocol-Version}. Failures become {@link DownstreamException}s whose messages
 * name the server and nothing else.
 */
final class StreamableHttpTransport {

    private static final Logger log = LoggerFactory.getLogger(StreamableHttpTransport.class);
    private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(10);
    /** How long to wait for the GET stream's headers; the stream itself may stay open for hours. */
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration FINISH_WITHIN = Duration.ofSeconds(2);
    private static final int FINISH_LIMIT = 64 * 1024;
    private static final ScheduledExecutorService CUT_OFF = Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().name("downstream-cut-off").daemon().unstarted(task));

    private final String slug;
    private final Map<String, String> headers;
    private final JsonMapper json;
    private volatile PinnedHttpClients.Route route;
    private volatile String sessionId;
    private volatile String protocolVersion;

    StreamableHttpTransport(String slug, Map<String, String> headers, JsonMapper json) {
        this.slug = slug;
        this.headers = Map.copyOf(headers == null ? Map.of() : headers);
        this.json = json;
    }

    /** Sends every later request along {@code route}: to the address the guard just checked. */
    void routeTo(PinnedHttpClients.Route route) {
        this.route = route;
    }

    /** The session id the server gave at initialize, or null (none yet, or a sessionless server). */
    String sessionId() {
        return sessionId;
    }

    /** Sends every later request in this session. */
    void useSession(String sessionId, String protocolVersion) {
        this.sessionId = sessionId;
        this.protocolVersion = protocolVersion;
    }

    /** POSTs {@code initialize}: no session headers, whatever session came before. */
    HttpResponse<InputStream> postInitialize(JsonNode message, Duration timeout) {
        return send(post(message, null, null, timeout));
    }

    /** POSTs a request in the current session; the caller reads and closes the body. */
    HttpResponse<InputStream> post(JsonNode message, Duration timeout) {
        return send(post(message, sessionId, protocolVersion, timeout));
    }

    /**
     * POSTs a 2026-07-28 request: no session, {@code MCP-Protocol-Version} given by the caller
     * with {@code Mcp-Method} and {@code Mcp-Name} in {@code mcpHeaders}. The caller reads and
     * closes the body.
     */
    HttpResponse<InputStream> postModern(JsonNode message, Duration timeout, Map<String, String> mcpHeaders) {
        HttpRequest.Builder request = base(timeout, null, null)
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(message)));
        mcpHeaders.forEach(request::header);
        return send(request.build());
    }

    /**
     * Opens the session's GET stream, on which the server sends what belongs to no request; from
     * after {@code lastEventId} when given. The caller reads and closes the body.
     */
    HttpResponse<InputStream> listen(String lastEventId) {
        HttpRequest.Builder request = base(LISTEN_TIMEOUT, sessionId, protocolVersion)
                .header("Accept", "text/event-stream")
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return send(request.build());
    }

    /** POSTs a notification or a response; the server answers 202 and nothing else matters. */
    void postAndForget(JsonNode message, String what) {
        try {
            HttpResponse<Void> response = route.client()
                    .send(
                            post(message, sessionId, protocolVersion, NOTIFY_TIMEOUT),
                            HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                log.debug("Downstream '{}' answered {} with HTTP {}", slug, what, response.statusCode());
            }
        } catch (IOException | DownstreamException e) {
            log.debug("Could not send {} to downstream '{}'", what, slug);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the session with DELETE, best effort: a server that is gone forgets it anyway. */
    void deleteSession() {
        String session = sessionId;
        if (session == null) {
            return;
        }
        try {
            route.client()
                    .sendAsync(
                            base(NOTIFY_TIMEOUT, session, protocolVersion)
                                    .DELETE()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .exceptionally(e -> null);
        } catch (DownstreamException e) {
            log.debug("Could not end the session with downstream '{}'", slug);
        }
    }

    /**
     * Reads what is left of an answer whose response was found (the end of an event stream) on a
     * thread of its own, then closes it. Only a body read to its end returns the connection to the
     * client's pool; closing it early would cost the next request a new connection (and TLS
     * handshake). A server that keeps the stream open, or sends more than a little, is cut off.
     */
    static void finishInBackground(InputStream body) {
        Thread.ofVirtual().name("downstream-finish").start(() -> {
            ScheduledFuture<?> cutOff =
                    CUT_OFF.schedule(() -> closeQuietly(body), FINISH_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            try {
                body.readNBytes(FINISH_LIMIT);
            } catch (IOException e) {
                // Cut off, or broken off by the server: the connection is not reused.
            } finally {
                cutOff.cancel(false);
                closeQuietly(body);
            }
        });
    }

    static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
    }

    /** Reads away a body not worth parsing, so the connection can be reused. */
    static void discard(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            body.readNBytes(64 * 1024);
        } catch (IOException e) {
            // Only draining.
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return route.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new DownstreamException("Server '" + slug + "' did not answer in time.", true);
        } catch (IOException e) {
            log.debug("Cannot reach downstream '{}': {}", slug, e.getClass().getSimpleName());
            throw new DownstreamException("Server '" + slug + "' could not be reached.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownstreamException("The call to server '" + slug + "' was interrupted.");
        }
    }

    private HttpRequest post(JsonNode message, String session, String version, Duration timeout) {
        return base(timeout, session, version)
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(message)))
                .build();
    }

    private HttpRequest.Builder base(Duration timeout, String session, String version) {
        PinnedHttpClients.Route current = route;
        if (current == null) {
            throw new DownstreamException("Server '" + slug + "' has no checked address yet.");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(current.uri()).timeout(timeout);
        if (current.host() != null) {
            // Sent to the checked address, for the host the URL names.
            builder.header("Host", current.host());
            builder.version(HttpClient.Version.HTTP_1_1);
        } else if (current.uri().getScheme().equalsIgnoreCase("http")) {
            // No h2c upgrade attempt on plain HTTP; many servers mishandle it.
            builder.version(HttpClient.Version.HTTP_1_1);
        }
        if (headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("host"))) {
            throw new DownstreamException("Server '" + slug + "' has a header the HTTP client refuses.");
        }
        if (version != null) {
            builder.header("MCP-Protocol-Version", version);
        }
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        try {
            headers.forEach(builder::header);
        } catch (IllegalArgumentException e) {
            // The JDK's message may quote the value, which is a secret.
            throw new DownstreamException("Server '" + slug + "' has a header the HTTP client refuses.");
        }
        return builder;
    }
}
