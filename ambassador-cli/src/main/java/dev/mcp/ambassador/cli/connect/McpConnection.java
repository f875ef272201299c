package dev.mcp.ambassador.cli.connect;

import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.Diagnostics;
import dev.mcp.ambassador.cli.tls.ServerTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bridge's MCP session on {@code /mcp}: sends what the host sends, with the session token and
 * {@code Mcp-Session-Id}, and repairs the session behind the host's back. A refused token (401)
 * means registering again; an unknown MCP session (404) means initializing again with the host's
 * own {@code initialize} parameters and {@code notifications/initialized}; an unreachable server
 * (for example one restarting) is retried until the reconnect limit.
 */
final class McpConnection {

    static final String SESSION_HEADER = "Mcp-Session-Id";

    private static final int MAX_REPAIRS = 4;
    private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

    private final URI endpoint;
    private final HttpClient http;
    private final ClientSession session;
    private final ServerTrust trust;
    private final JsonMapper json;
    private final Duration reconnectLimit;
    private final AtomicLong reinitializations = new AtomicLong();
    private volatile String mcpSessionId;
    private volatile String protocolVersion;
    private volatile JsonNode hostInitialize;
    private volatile boolean hostInitialized;

    McpConnection(
            URI endpoint,
            HttpClient http,
            ClientSession session,
            ServerTrust trust,
            JsonMapper json,
            Duration reconnectLimit) {
        this.endpoint = endpoint;
        this.http = http;
        this.session = session;
        this.trust = trust;
        this.json = json;
        this.reconnectLimit = reconnectLimit;
    }

    String sessionId() {
        return mcpSessionId;
    }

    /** What an exchange with {@code /mcp} ended with. */
    interface Handler {
        /** The server's answer (2xx or not); the body must be consumed or closed. */
        void handle(HttpResponse<InputStream> response) throws IOException;
    }

    /**
     * Sends one message from the host, repairing the session as needed, and hands the final
     * response to {@code handler}.
     *
     * @throws IOException when the server stayed unreachable for the whole reconnect limit
     * @throws CliException when the server's certificate or the preshared key is refused
     */
    void post(JsonNode message, String raw, Handler handler) throws IOException {
        boolean initialize = "initialize".equals(message.path("method").asString(null));
        if (initialize) {
            hostInitialize = message;
        }
        exchange(() -> postRequest(raw, initialize ? null : mcpSessionId), !initialize, response -> {
            if (initialize && response.statusCode() == 200) {
                mcpSessionId = response.headers().firstValue(SESSION_HEADER).orElse(null);
            }
            handler.handle(response);
        });
        if ("notifications/initialized".equals(message.path("method").asString(null))) {
            hostInitialized = true;
        }
    }

    /** Notes the negotiated protocol version from the host's initialize result. */
    void initialized(JsonNode initializeResult) {
        String version = initializeResult.path("result").path("protocolVersion").asString(null);
        if (version != null) {
            protocolVersion = version;
        }
    }

    /** Opens the session's GET stream (with {@code lastEventId} to resume), repairing as needed. */
    void listen(String lastEventId, Handler handler) throws IOException {
        exchange(
                () -> {
                    HttpRequest.Builder request = base().header("Accept", "text/event-stream");
                    if (lastEventId != null) {
                        request.header("Last-Event-ID", lastEventId);
                    }
                    return request.GET().build();
                },
                true,
                handler);
    }

    /** Ends the MCP session before {@code deadline} (best effort: failures are reported, not thrown). */
    void close(Instant deadline) {
        String id = mcpSessionId;
        if (id == null || session.token() == null) {
            return;
        }
        try {
            int status = SessionEnding.send(
                    http, base().timeout(SessionEnding.LIMIT).DELETE().build(), deadline);
            Diagnostics.debug("MCP session ended: HTTP " + status);
        } catch (IOException e) {
            Diagnostics.say("could not end the MCP session: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private interface RequestFactory {
        HttpRequest build();
    }

    private void exchange(RequestFactory factory, boolean needsSession, Handler handler) throws IOException {
        Instant giveUp = Instant.now().plus(reconnectLimit);
        Duration pause = Duration.ofMillis(200);
        int repairs = 0;
        while (true) {
            String token = session.token();
            String sessionId = mcpSessionId;
            try {
                HttpResponse<InputStream> response = send(factory.build());
                int status = response.statusCode();
                boolean repairable = repairs < MAX_REPAIRS && (status == 401 || (status == 404 && needsSession));
                if (!repairable) {
                    handler.handle(response);
                    return;
                }
                response.body().close();
                repairs++;
                if (status == 401) {
                    session.renew(token);
                } else {
                    reinitialize(sessionId);
                }
            } catch (IOException e) {
                if (trust.refused(e)) {
                    throw trust.explain(e);
                }
                if (Instant.now().isAfter(giveUp)) {
                    throw e;
                }
                Diagnostics.debug(
                        "the ambassador is unreachable (" + e.getClass().getSimpleName() + "); retrying");
                pause(pause);
                pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Initializes a new MCP session with the host's own parameters, unless another thread already
     * replaced {@code lost}. The host is not told: it keeps its negotiated capabilities, and the
     * answer to this initialize goes nowhere.
     */
    private synchronized void reinitialize(String lost) throws IOException {
        JsonNode original = hostInitialize;
        if (!Objects.equals(mcpSessionId, lost) || original == null) {
            return;
        }
        Diagnostics.say("the MCP session was lost; initializing a new one with the host's parameters");
        ObjectNode replay = (ObjectNode) original.deepCopy();
        replay.put("id", "ambassador-reinitialize-" + reinitializations.incrementAndGet());
        HttpResponse<InputStream> response = send(postRequest(replay.toString(), null));
        try (InputStream body = response.body()) {
            body.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (response.statusCode() != 200) {
            // 401: the caller's next round registers again and comes back here.
            mcpSessionId = null;
            return;
        }
        mcpSessionId = response.headers().firstValue(SESSION_HEADER).orElse(null);
        if (hostInitialized) {
            ObjectNode notification = json.createObjectNode();
            notification.put("jsonrpc", "2.0");
            notification.put("method", "notifications/initialized");
            send(postRequest(notification.toString(), mcpSessionId)).body().close();
        }
    }

    private HttpRequest postRequest(String body, String sessionId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Authorization", "Bearer " + session.token())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        if (sessionId != null) {
            request.header(SESSION_HEADER, sessionId);
        }
        if (protocolVersion != null) {
            request.header("MCP-Protocol-Version", protocolVersion);
        }
        return request.POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpRequest.Builder base() {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + session.token());
        String id = mcpSessionId;
        if (id != null) {
            request.header(SESSION_HEADER, id);
        }
        if (protocolVersion != null) {
            request.header("MCP-Protocol-Version", protocolVersion);
        }
        return request;
    }

    private static void pause(Duration pause) throws IOException {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
