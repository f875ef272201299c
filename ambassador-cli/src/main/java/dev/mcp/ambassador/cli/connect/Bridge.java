package dev.mcp.ambassador.cli.connect;

import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.Diagnostics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stdio side of {@code ambassador connect}: every line the host writes is one JSON-RPC message
 * and goes to {@code /mcp} as it is; everything the ambassador sends back — answers, notifications,
 * its own requests (sampling, elicitation, roots), on a POST's stream or on the GET stream — goes
 * to the host's stdin as one line each. Requests run concurrently, so a long call never holds up
 * the host's other messages or its answers to the server's requests.
 */
public final class Bridge {

    private static final int INTERNAL_ERROR = -32603;
    private static final int PARSE_ERROR = -32700;

    private final McpConnection connection;
    private final ClientSession session;
    private final SessionEnding ending;
    private final HostOutput host;
    private final JsonMapper json;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<CliException> fatal = new AtomicReference<>();
    private final java.util.function.Consumer<CliException> onFatal;
    private volatile Thread listener;

    /** {@code onFatal} is told of a refusal that ends the bridge (changed CA, refused key). */
    Bridge(
            McpConnection connection,
            ClientSession session,
            SessionEnding ending,
            HostOutput host,
            JsonMapper json,
            java.util.function.Consumer<CliException> onFatal) {
        this.connection = connection;
        this.session = session;
        this.ending = ending;
        this.host = host;
        this.json = json;
        this.onFatal = onFatal;
    }

    /** Relays until the host closes stdin (or a fatal refusal); returns the refusal, if any. */
    CliException run(InputStream stdin) throws IOException {
        Thread heartbeats = Thread.ofVirtual().name("heartbeats").start(this::heartbeats);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
            String line;
            while (fatal.get() == null && (line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode message;
                try {
                    message = json.readTree(line);
                } catch (JacksonException e) {
                    Diagnostics.say("the host sent a line that is not JSON; answered with a parse error");
                    host.error(null, PARSE_ERROR, "Parse error: not JSON.");
                    continue;
                }
                String raw = line;
                if ("initialize".equals(message.path("method").asString(null))) {
                    // Everything after initialize depends on its answer: relay it before reading on.
                    relay(message, raw);
                } else {
                    Thread.ofVirtual().name("relay").start(() -> relay(message, raw));
                }
            }
        } finally {
            heartbeats.interrupt();
        }
        return fatal.get();
    }

    /**
     * Stops listening and ends the MCP session and the client session through the shared
     * {@link SessionEnding}; safe to call more than once and from any thread, and returns only once
     * the sessions are ended, whichever caller started ending them.
     */
    void close() {
        if (closed.compareAndSet(false, true)) {
            Thread current = listener;
            if (current != null) {
                current.interrupt();
            }
        }
        ending.end();
    }

    private void relay(JsonNode message, String raw) {
        JsonNode id = message.get("id");
        boolean request = id != null && message.has("method");
        AtomicBoolean answered = new AtomicBoolean(!request);
        try {
            connection.post(message, raw, response -> {
                String type = response.headers().firstValue("Content-Type").orElse("");
                int status = response.statusCode();
                if (status == 202) {
                    response.body().close();
                    return;
                }
                if (type.startsWith("text/event-stream")) {
                    try (InputStream body = response.body()) {
                        ServerSentEvents.read(body, (eventId, data) -> {
                            if (data != null && !data.isBlank()) {
                                toHost(data, id, answered);
                            }
                        });
                    }
                } else {
                    String body;
                    try (InputStream in = response.body()) {
                        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                    if (!body.isBlank() && isJsonRpc(body)) {
                        toHost(body, id, answered);
                    } else if (status >= 400) {
                        Diagnostics.say("the ambassador answered HTTP " + status + " to " + describe(message));
                    }
                }
            });
            if ("notifications/initialized".equals(message.path("method").asString(null))) {
                startListening();
            }
        } catch (CliException e) {
            fail(e);
        } catch (IOException | RuntimeException e) {
            Diagnostics.say("relaying " + describe(message) + " failed: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (!answered.get()) {
            host.error(id, INTERNAL_ERROR, "The ambassador did not answer; see the bridge's diagnostics.");
        }
        CliException refusal = fatal.get();
        if (refusal != null) {
            onFatal.accept(refusal);
        }
    }

    private void fail(CliException e) {
        if (fatal.compareAndSet(null, e)) {
            Diagnostics.say(e.getMessage());
        }
    }

    private void toHost(String data, JsonNode requestId, AtomicBoolean answered) {
        JsonNode parsed = json.readTree(data);
        boolean isAnswer = !parsed.has("method") && requestId != null && requestId.equals(parsed.get("id"));
        if (isAnswer && parsed.has("result") && parsed.path("result").has("protocolVersion")) {
            connection.initialized(parsed);
        }
        host.send(data);
        if (isAnswer) {
            answered.set(true);
        }
    }

    /** The GET stream: what the server says outside any request, resumed after its last event. */
    private synchronized void startListening() {
        if (listener != null || closed.get()) {
            return;
        }
        listener = Thread.ofVirtual().name("listen").start(this::listen);
    }

    private void listen() {
        AtomicReference<String> lastEventId = new AtomicReference<>();
        AtomicBoolean unsupported = new AtomicBoolean();
        String streamSession = null;
        while (!closed.get() && fatal.get() == null && !unsupported.get()) {
            String current = connection.sessionId();
            if (!java.util.Objects.equals(current, streamSession)) {
                lastEventId.set(null);
                streamSession = current;
            }
            try {
                connection.listen(lastEventId.get(), response -> {
                    try (InputStream body = response.body()) {
                        switch (response.statusCode()) {
                            case 200 ->
                                ServerSentEvents.read(body, (eventId, data) -> {
                                    if (eventId != null) {
                                        lastEventId.set(eventId);
                                    }
                                    if (data != null && !data.isBlank()) {
                                        host.send(data);
                                    }
                                });
                            case 405 -> unsupported.set(true);
                            case 400 -> lastEventId.set(null); // a position the server no longer keeps
                            default -> Diagnostics.debug("the GET stream was answered " + response.statusCode());
                        }
                    }
                });
            } catch (CliException e) {
                fail(e);
                onFatal.accept(e);
                return;
            } catch (IOException | RuntimeException e) {
                if (closed.get() || Thread.currentThread().isInterrupted()) {
                    return;
                }
                Diagnostics.debug("the GET stream ended: " + e.getClass().getSimpleName());
            }
            if (!pause(Duration.ofMillis(500))) {
                return;
            }
        }
    }

    private void heartbeats() {
        while (!closed.get()) {
            if (!pause(session.heartbeatInterval())) {
                return;
            }
            try {
                session.heartbeat();
            } catch (CliException e) {
                fail(e);
                onFatal.accept(e);
                return;
            } catch (IOException | RuntimeException e) {
                Diagnostics.say("heartbeat failed (" + e.getClass().getSimpleName() + "); trying again later");
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

    private boolean isJsonRpc(String body) {
        try {
            return "2.0".equals(json.readTree(body).path("jsonrpc").asString(null));
        } catch (JacksonException e) {
            return false;
        }
    }

    private static String describe(JsonNode message) {
        String method = message.path("method").asString(null);
        return method != null ? method : "an answer to request " + message.path("id");
    }
}
