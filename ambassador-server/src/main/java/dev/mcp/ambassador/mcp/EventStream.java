package dev.mcp.ambassador.mcp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One server-sent event stream of an MCP session: the stream of a POST, or the session's own GET
 * stream. Events are kept so that a client that lost the connection can ask for them again with
 * {@code Last-Event-ID}; the oldest are let go past {@code capacity}.
 *
 * <p>Event ids are {@code <stream>-<sequence>}: unique within the session, and they say which
 * stream to resume. Sequence 0 is the priming event every stream starts with.
 */
final class EventStream {

    record Event(long sequence, String data) {}

    private final int number;
    private final int capacity;
    private final Deque<Event> events = new ArrayDeque<>();
    private long last;
    private boolean finished;

    EventStream(int number, int capacity) {
        this.number = number;
        this.capacity = capacity;
    }

    int number() {
        return number;
    }

    String idOf(long sequence) {
        return number + "-" + sequence;
    }

    /** The stream number and sequence an event id names; empty when it is not one of ours. */
    static Optional<long[]> parseId(String eventId) {
        if (eventId == null) {
            return Optional.empty();
        }
        int dash = eventId.indexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        try {
            long stream = Long.parseLong(eventId.substring(0, dash));
            long sequence = Long.parseLong(eventId.substring(dash + 1));
            return stream < 0 || sequence < 0 ? Optional.empty() : Optional.of(new long[] {stream, sequence});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Adds an event; a finished stream takes no more, and -1 says so. */
    synchronized long append(String data) {
        if (finished) {
            return -1;
        }
        events.addLast(new Event(++last, data));
        if (events.size() > capacity) {
            events.removeFirst();
        }
        notifyAll();
        return last;
    }

    /** Adds the last event and finishes, in one step, so no reader sees the one without the other. */
    synchronized void appendLast(String data) {
        if (append(data) >= 0) {
            finish();
        }
    }

    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    synchronized long lastSequence() {
        return last;
    }

    /** True once the stream is finished and nothing after {@code sequence} is left to send. */
    synchronized boolean doneAfter(long sequence) {
        return finished && sequence >= last;
    }

    /**
     * The events after {@code sequence}, waiting up to {@code wait} for one to arrive; empty when
     * none did or the stream is finished.
     */
    synchronized List<Event> after(long sequence, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (last <= sequence && !finished) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            wait(Math.max(1, left / 1_000_000));
        }
        List<Event> found = new ArrayList<>();
        for (Event event : events) {
            if (event.sequence() > sequence) {
                found.add(event);
            }
        }
        return found;
    }
}
