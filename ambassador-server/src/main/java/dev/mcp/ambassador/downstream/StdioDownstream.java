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
import java.util.Map;
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
 * One downstream MCP server process spoken to over stdio: newline-delimited JSON-RPC on stdin and
 * stdout. Requests carry the ambassador's own ids, so many callers can share the process; each
 * answer is matched back to its caller by id.
 */
final class StdioDownstream implements Downstream {

    static final String PROTOCOL_VERSION = "2025-11-25";

    /** The largest message a server may write; one past it is dropped, never buffered whole. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(StdioDownstream.class);

    private final String slug;
    private final Process process;
    private final BufferedWriter stdin;
    private final JsonMapper json;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final InFlightRequests inFlight = new InFlightRequests();
    private final BiConsumer<String, JsonNode> unsolicited;
    private final Duration clientTimeout;
    private final boolean shared;
    private final StderrTail stderr;
    private volatile boolean closed;
    private volatile JsonNode capabilities;

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
        this.shared = shared;
        this.process = process;
        this.json = json;
        this.unsolicited = unsolicited;
        this.clientTimeout = clientTimeout;
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
            downstream.initialize(timeout);
        } catch (DownstreamException e) {
            downstream.close();
            throw e;
        }
        log.info("Started downstream '{}' (pid {})", server.slug(), process.pid());
        return downstream;
    }

    @Override
    public JsonNode request(String method, JsonNode params, Duration timeout, ClientChannel caller) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message =
                json.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
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
        try {
            send(message);
            return Answers.await(answer, timeout, slug);
        } catch (DownstreamException e) {
            if (e.timedOut()) {
                cancel(id, "timed out");
            }
            throw e;
        } finally {
            pending.remove(id);
            inFlight.end(id);
        }
    }

    @Override
    public void notify(String method, JsonNode params) {
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        try {
            send(message);
        } catch (DownstreamException e) {
            log.debug("Could not notify downstream '{}' of {}", slug, method);
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
        return capabilities;
    }

    @Override
    public boolean alive() {
        return !closed && process.isAlive();
    }

    /** True while a request to the process waits for its answer. */
    boolean busy() {
        return !pending.isEmpty();
    }

    @Override
    public void close() {
        closed = true;
        failPending("Server '" + slug + "' was stopped.");
        ProcessTrees.stop(process, Duration.ofSeconds(3));
    }

    private void initialize(Duration timeout) {
        ObjectNode params = json.createObjectNode().put("protocolVersion", PROTOCOL_VERSION);
        params.set("capabilities", RelayedClientCapabilities.create());
        params.putObject("clientInfo").put("name", "mcp-ambassador").put("version", "0.1.0");
        JsonNode response = request("initialize", params, timeout, null);
        if (response.has("error")) {
            throw new DownstreamException("Server '" + slug + "' refused to initialize.");
        }
        capabilities = response.at("/result/capabilities");
        notify("notifications/initialized", null);
    }

    private void send(ObjectNode message) {
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
            BoundedLines lines = new BoundedLines(stdout, MAX_MESSAGE_BYTES);
            for (BoundedLines.Line line = lines.next(); !(line instanceof BoundedLines.Line.End); line = lines.next()) {
                switch (line) {
                    case BoundedLines.Line.Text text when !text.value().isBlank() -> dispatch(text.value());
                    case BoundedLines.Line.TooLong tooLong ->
                        log.warn(
                                "Downstream '{}' wrote a message of {} bytes, over the {} byte limit; it was dropped",
                                slug,
                                tooLong.length(),
                                MAX_MESSAGE_BYTES);
                    default -> {
                        // A blank line carries nothing.
                    }
                }
            }
        } catch (IOException e) {
            log.debug("Downstream '{}' stdout closed: {}", slug, e.getClass().getSimpleName());
        } finally {
            closed = true;
            failPending("Server '" + slug + "' exited.");
            if (process.isAlive()) {
                process.destroy();
            }
        }
    }

    private void dispatch(String line) {
        JsonNode message;
        try {
            message = json.readTree(line);
        } catch (JacksonException e) {
            log.debug("Downstream '{}' wrote a line that is not JSON", slug);
            return;
        }
        JsonNode id = message.get("id");
        boolean isResponse = id != null && !message.has("method") && (message.has("result") || message.has("error"));
        if (isResponse) {
            CompletableFuture<JsonNode> answer = id.isIntegralNumber() ? pending.get(id.asLong()) : null;
            if (answer != null) {
                answer.complete(message);
            }
        } else if (id != null && message.has("method")) {
            if (shared) {
                try {
                    send(InFlightRequests.answerForSharedProcess(message, slug));
                } catch (DownstreamException e) {
                    log.debug("Could not answer a request from downstream '{}'", slug);
                }
                return;
            }
            // Asking the client may take minutes; the reader must go on meanwhile.
            var caller = inFlight.soleCaller();
            Thread.ofVirtual().name("downstream-" + slug + "-asks").start(() -> {
                try {
                    ObjectNode answer = inFlight.answer(message, caller, clientTimeout);
                    if (answer != null) {
                        send(answer);
                    }
                } catch (DownstreamException e) {
                    log.debug("Could not answer a request from downstream '{}'", slug);
                }
            });
        } else if (message.path("method").isString()) {
            String method = message.get("method").asString();
            JsonNode params = message.path("params");
            switch (method) {
                case "notifications/progress" -> inFlight.progress(params);
                // From a shared process, nothing says whose a log message is; it goes to the
                // listener, which keeps it from every client.
                case "notifications/message" ->
                    inFlight.soleCaller()
                            .filter(caller -> !shared)
                            .ifPresentOrElse(
                                    caller -> caller.notify(method, params), () -> unsolicited.accept(method, params));
                case "notifications/cancelled" -> inFlight.withdraw(params);
                default -> unsolicited.accept(method, params);
            }
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

    private void failPending(String reason) {
        pending.values().forEach(answer -> answer.completeExceptionally(new DownstreamException(reason)));
    }
}
