package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.ClientChannel;
import dev.mcp.ambassador.redaction.Redactor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One downstream MCP server process spoken to over stdio: newline-delimited JSON-RPC on stdin and
 * stdout. Requests carry the ambassador's own ids ({@link JsonRpcSession}), so many callers can
 * share the process; each answer is matched back to its caller by id.
 *
 * <p>The process is opened in the era its catalog entry names ({@link StdioEra}). In the
 * 2026-07-28 era there is no {@code initialize}: each request carries the {@link ModernEnvelope},
 * is cancelled with {@code notifications/cancelled} as in the legacy era (stdio has no answer to
 * close), its {@code InputRequiredResult} rounds are answered by {@link ModernRounds}, and list
 * changes and resource updates come on a {@code subscriptions/listen} stream ({@link
 * ModernListening}) in place of {@code resources/subscribe}.
 */
final class StdioDownstream implements Downstream {

    private static final Logger log = LoggerFactory.getLogger(StdioDownstream.class);

    private final String slug;
    private final Process process;
    private final BufferedWriter stdin;
    private final JsonMapper json;
    private final JsonRpcSession session;
    private final StderrTail stderr;
    private final BiConsumer<String, JsonNode> unsolicited;
    private final AtomicLong calls = new AtomicLong();
    private volatile ModernRounds rounds;
    private volatile ModernListening listening;
    private volatile boolean closed;

    private StdioDownstream(
            String slug,
            Process process,
            JsonMapper json,
            BiConsumer<String, JsonNode> unsolicited,
            Duration clientTimeout,
            boolean shared,
            Redactor redactor,
            Collection<String> secrets) {
        this.slug = slug;
        this.stderr = new StderrTail(redactor, secrets);
        this.process = process;
        this.json = json;
        this.unsolicited = unsolicited;
        this.session = new JsonRpcSession(slug, new Pipes(), this::heard, clientTimeout, shared);
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        // Platform threads: a blocking read of a pipe holds a virtual thread's carrier for as long as
        // the child is silent, and enough silent children would leave no carrier for anything else
        // (request handling included).
        Thread.ofPlatform().daemon().name("downstream-" + slug + "-stdout").start(this::readStdout);
        Thread.ofPlatform().daemon().name("downstream-" + slug + "-stderr").start(this::readStderr);
    }

    /**
     * Speaks MCP to {@code process}, which {@link ChildLauncher} started, and completes the
     * handshake; the process is ended if the handshake fails. Notifications that belong to no
     * request go to {@code unsolicited}.
     */
    static StdioDownstream start(
            CatalogServer server,
            Process process,
            JsonMapper json,
            Duration timeout,
            BiConsumer<String, JsonNode> unsolicited,
            Redactor redactor,
            Collection<String> secrets) {
        StdioDownstream downstream = new StdioDownstream(
                server.slug(),
                process,
                json,
                unsolicited,
                timeout,
                !"per_user".equals(server.isolation()),
                redactor,
                secrets);
        try {
            if (StdioEra.open(server, downstream.session, timeout, downstream::alive)) {
                downstream.rounds = new ModernRounds(server.slug(), timeout);
                downstream.listening = new ModernListening(
                        server.slug(),
                        params -> downstream.session.openStream(ModernListening.METHOD, ModernEnvelope.params(params)),
                        downstream::alive,
                        timeout);
                downstream.listening.start(downstream.session.capabilities());
            }
        } catch (DownstreamException e) {
            downstream.close();
            throw e;
        }
        log.info("Started downstream '{}' (pid {})", server.slug(), process.pid());
        return downstream;
    }

    @Override
    public JsonNode request(String method, JsonNode params, Duration timeout, ClientChannel caller) {
        ModernRounds modern = rounds;
        if (modern == null) {
            return session.request(method, params, timeout, caller);
        }
        String uri = params == null ? "" : params.path("uri").asString("");
        return switch (method) {
            case "resources/subscribe" -> listening.subscribe(uri);
            case "resources/unsubscribe" -> listening.unsubscribe(uri);
            default ->
                modern.run(
                        calls.incrementAndGet(),
                        ModernEnvelope.params(params),
                        caller,
                        round -> session.request(method, round, timeout, caller));
        };
    }

    /** In the 2026-07-28 era the only notification a client sends over stdio is its cancel. */
    @Override
    public void notify(String method, JsonNode params) {
        if (rounds == null || method.equals("notifications/cancelled")) {
            session.notify(method, params);
        } else {
            log.debug("Not sending {} to 2026-07-28 downstream '{}'", method, slug);
        }
    }

    /** What the process sent outside any request, less what only the listen stream needs to see. */
    private void heard(String method, JsonNode params) {
        ModernListening listen = listening;
        JsonNode passed = listen == null ? params : listen.heard(method, params);
        if (passed != null) {
            unsolicited.accept(method, passed);
        }
    }

    /** The process id on the host (bubblewrap's, when sandboxed). */
    long pid() {
        return process.pid();
    }

    /** The last stderr lines, redacted. */
    List<String> stderrLines() {
        return stderr.lines();
    }

    @Override
    public JsonNode capabilities() {
        return session.capabilities();
    }

    @Override
    public boolean alive() {
        return !closed && process.isAlive();
    }

    /** True while a request to the process waits for its answer. */
    boolean busy() {
        return session.busy();
    }

    @Override
    public void close() {
        closed = true;
        ModernListening listen = listening;
        if (listen != null) {
            listen.close();
        }
        session.failAll("Server '" + slug + "' was stopped.");
        ProcessTrees.stop(process, Duration.ofSeconds(3));
    }

    /** Writes each message as one line on the process's stdin. */
    private final class Pipes implements JsonRpcSession.Transport {

        @Override
        public Runnable sendRequest(long id, ObjectNode request, ClientChannel caller, Duration timeout) {
            write(request);
            return () -> {};
        }

        @Override
        public void send(ObjectNode message) {
            try {
                write(message);
            } catch (DownstreamException e) {
                log.debug(
                        "Could not send {} to downstream '{}'",
                        message.path("method").asString("a response"),
                        slug);
            }
        }
    }

    private void write(ObjectNode message) {
        if (!alive()) {
            throw new DownstreamException("Server '" + slug + "' is not running.");
        }
        String line = json.writeValueAsString(message);
        synchronized (stdin) {
            try {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            } catch (IOException e) {
                throw new DownstreamException("Server '" + slug + "' stopped reading its input.");
            }
        }
    }

    private void readStdout() {
        try (InputStream stdout = process.getInputStream()) {
            BoundedLines lines = new BoundedLines(stdout, JsonRpcSession.MAX_MESSAGE_BYTES);
            for (BoundedLines.Line line = lines.next(); !(line instanceof BoundedLines.Line.End); line = lines.next()) {
                switch (line) {
                    case BoundedLines.Line.Text text when !text.value().isBlank() -> dispatch(text.value());
                    case BoundedLines.Line.TooLong tooLong ->
                        log.warn(
                                "Downstream '{}' wrote a message of {} bytes, over the {} byte limit; it was dropped",
                                slug,
                                tooLong.length(),
                                JsonRpcSession.MAX_MESSAGE_BYTES);
                    default -> {
                        // A blank line carries nothing.
                    }
                }
            }
        } catch (IOException e) {
            log.debug("Downstream '{}' stdout closed: {}", slug, e.getClass().getSimpleName());
        } finally {
            closed = true;
            session.failAll("Server '" + slug + "' exited.");
            if (process.isAlive()) {
                process.destroy();
            }
        }
    }

    private void dispatch(String line) {
        try {
            session.receive(json.readTree(line));
        } catch (JacksonException e) {
            log.debug("Downstream '{}' wrote a line that is not JSON", slug);
        }
    }

    private void readStderr() {
        // Bounded like stdout: a process writing without newlines must not fill the heap.
        try (InputStream err = process.getErrorStream()) {
            BoundedLines lines = new BoundedLines(err, StderrTail.MAX_LINE_BYTES);
            for (BoundedLines.Line line = lines.next(); !(line instanceof BoundedLines.Line.End); line = lines.next()) {
                switch (line) {
                    case BoundedLines.Line.Text text -> stderr.add(text.value());
                    case BoundedLines.Line.TooLong tooLong ->
                        stderr.add("[a line of " + tooLong.length() + " bytes, not kept]");
                    default -> {
                        // End is handled by the loop.
                    }
                }
            }
        } catch (IOException e) {
            log.debug("Downstream '{}' stderr closed", slug);
        }
    }
}
