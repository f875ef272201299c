package dev.mcp.ambassador.cli.connect;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one way {@code ambassador connect} ends its sessions on the server, whoever asks first: EOF
 * on stdin (the main thread), SIGTERM (the shutdown hook) or a fatal refusal. The MCP session is
 * deleted, then the client session, each DELETE awaited, all within {@link #LIMIT}.
 *
 * <p>Every caller returns only when the sessions are ended (or the limit has passed), not merely
 * when someone has started ending them. A host that stops the bridge often closes its stdin and
 * sends SIGTERM at the same moment; if the shutdown hook returned while the main thread's DELETE
 * was still in flight, the JVM would halt under it and the session would stay open.
 */
final class SessionEnding {

    /** How long ending may take in all: both DELETEs, connecting included. */
    static final Duration LIMIT = Duration.ofSeconds(10);

    private final ClientSession session;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile McpConnection connection;

    SessionEnding(ClientSession session) {
        this.session = session;
    }

    /** The MCP connection whose session is ended first, once there is one. */
    void attach(McpConnection mcp) {
        this.connection = mcp;
    }

    /** Ends both sessions once; every caller waits until that is done or {@link #LIMIT} has passed. */
    void end() {
        if (started.compareAndSet(false, true)) {
            Instant deadline = Instant.now().plus(LIMIT);
            try {
                McpConnection mcp = connection;
                if (mcp != null) {
                    mcp.close(deadline);
                }
                session.end(deadline);
            } finally {
                done.complete(null);
            }
            return;
        }
        try {
            // A little longer than the limit: the thread doing the work gives up at the limit itself.
            done.get(LIMIT.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The thread doing the work reports its own failures.
        }
    }

    /**
     * Sends {@code request} and waits for its status until {@code deadline}, connecting included
     * (a request's own timeout does not cover connecting); the exchange is abandoned at the deadline.
     *
     * @throws IOException when it fails or the deadline passes first
     */
    static int send(HttpClient http, HttpRequest request, Instant deadline) throws IOException {
        CompletableFuture<HttpResponse<Void>> exchange =
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            long left = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
            return exchange.get(left, TimeUnit.MILLISECONDS).statusCode();
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new IOException("no answer within " + LIMIT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
