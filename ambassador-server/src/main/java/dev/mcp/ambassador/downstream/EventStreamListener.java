package dev.mcp.ambassador.downstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GET stream of one Streamable HTTP session, on which the server sends what belongs to no
 * request: list changes, resource updates, task status, its own requests.
 */
final class EventStreamListener {

    private static final Logger log = LoggerFactory.getLogger(EventStreamListener.class);

    private final String slug;
    private final StreamableHttpTransport transport;
    private final Consumer<String> renewSession;
    private final Consumer<String> messages;
    private volatile boolean closed;
    private volatile InputStream listening;

    /**
     * @param renewSession opens a new session in place of the one named, which the server forgot
     * @param messages gets the data of each message event
     */
    EventStreamListener(
            String slug, StreamableHttpTransport transport, Consumer<String> renewSession, Consumer<String> messages) {
        this.slug = slug;
        this.transport = transport;
        this.renewSession = renewSession;
        this.messages = messages;
    }

    /** Stops listening and drops the stream. */
    void close() {
        closed = true;
        InputStream stream = listening;
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException e) {
                // Dropping the connection is all that was wanted.
            }
        }
    }

    /**
     * Keeps the session's GET stream open while the session lives, so list changes, resource
     * updates and task status the server sends on its own reach the listener. A dropped stream is
     * resumed after its last event, with growing pauses while the server keeps failing; a server
     * that offers no stream (405) is not asked again.
     */
    void listen() {
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
                    renewSession.accept(session);
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
                            messages.accept(event.data());
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
}
