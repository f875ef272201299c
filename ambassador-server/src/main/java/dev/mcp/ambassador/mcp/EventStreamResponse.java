package dev.mcp.ambassador.mcp;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * An HTTP response that carries server-sent events. Every write is flushed at once; a write that
 * fails means the client went away, which ends the response but not the stream behind it.
 */
final class EventStreamResponse {

    /** How long a client waits before it reconnects to a stream the server closed early. */
    static final Duration RETRY = Duration.ofSeconds(2);

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final OutputStream out;

    private EventStreamResponse(OutputStream out) {
        this.out = out;
    }

    static EventStreamResponse start(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE + ";charset=UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache, no-store");
        response.setHeader("X-Accel-Buffering", "no");
        OutputStream out = response.getOutputStream();
        response.flushBuffer();
        return new EventStreamResponse(out);
    }

    /** The empty event that tells a client which id to resume from, and how soon to retry. */
    boolean prime(String eventId) {
        return write("id: " + eventId + "\nretry: " + RETRY.toMillis() + "\ndata: \n\n");
    }

    boolean event(String eventId, String data) {
        return write("id: " + eventId + "\ndata: " + data + "\n\n");
    }

    private boolean keepAlive() {
        return write(": keep-alive\n\n");
    }

    /**
     * Sends the events of {@code stream} after {@code from} as they come, until the stream ends
     * ({@code true}), or the client goes or {@code keepGoing} turns false ({@code false}).
     */
    boolean pump(EventStream stream, long from, BooleanSupplier keepGoing, LongConsumer delivered)
            throws InterruptedException {
        long cursor = from;
        while (keepGoing.getAsBoolean()) {
            List<EventStream.Event> events = stream.after(cursor, KEEP_ALIVE);
            for (EventStream.Event event : events) {
                // Checked per event: a reader that was taken over must not send one more.
                if (!keepGoing.getAsBoolean() || !event(stream.idOf(event.sequence()), event.data())) {
                    return false;
                }
                cursor = event.sequence();
                delivered.accept(cursor);
            }
            if (stream.doneAfter(cursor)) {
                return true;
            }
            if (events.isEmpty() && !keepAlive()) {
                return false;
            }
        }
        return false;
    }

    private boolean write(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
