package dev.mcp.ambassador.mcp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One server-sent event stream of an MCP session: the stream of a POST, or the session's own GET
 * stream. Events are kept so that a client that lost the connection can ask for them again with
 * {@code Last-Event-ID}. Past {@code capacity} events or {@code byteBudget} bytes the oldest are
 * let go, but never the newest, which is a request's answer once the stream is finished.
 *
 * <p>Event ids are {@code <stream>-<sequence>}: unique within the session, and they say which
 * stream to resume. Sequence 0 is the priming event every stream starts with.
 *
 * <p>Readers wait on a {@link ReentrantLock}, not a monitor: on JDK 21 a virtual thread waiting in
 * {@code Object.wait} holds on to its carrier thread, and hundreds of waiting readers would leave
 * none for the threads that write the answers.
 */
final class EventStream {

    record Event(long sequence, String data) {}

    private final int number;
    private final int capacity;
    private final long byteBudget;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Event> events = new ArrayDeque<>();
    private long bytes;
    private long last;
    private boolean finished;
    private long finishedAt;

    EventStream(int number, int capacity, long byteBudget) {
        this.number = number;
        this.capacity = capacity;
        this.byteBudget = byteBudget;
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
    long append(String data) {
        lock.lock();
        try {
            if (finished) {
                return -1;
            }
            events.addLast(new Event(++last, data));
            bytes += sizeOf(data);
            while (events.size() > 1 && (events.size() > capacity || bytes > byteBudget)) {
                bytes -= sizeOf(events.removeFirst().data());
            }
            changed.signalAll();
            return last;
        } finally {
            lock.unlock();
        }
    }

    /** Adds the last event and finishes, in one step, so no reader sees the one without the other. */
    void appendLast(String data) {
        lock.lock();
        try {
            if (append(data) >= 0) {
                finish();
            }
        } finally {
            lock.unlock();
        }
    }

    void finish() {
        lock.lock();
        try {
            if (!finished) {
                finishedAt = System.nanoTime();
            }
            finished = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** What the stream holds now, in bytes of event data. */
    long retainedBytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    boolean finished() {
        lock.lock();
        try {
            return finished;
        } finally {
            lock.unlock();
        }
    }

    /** When the stream finished, on the {@link System#nanoTime()} clock. */
    long finishedAt() {
        lock.lock();
        try {
            return finishedAt;
        } finally {
            lock.unlock();
        }
    }

    /** True once the stream is finished and nothing after {@code sequence} is left to send. */
    boolean doneAfter(long sequence) {
        lock.lock();
        try {
            return finished && sequence >= last;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The events after {@code sequence}, waiting up to {@code wait} for one to arrive; empty when
     * none did or the stream is finished.
     */
    List<Event> after(long sequence, Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long left = wait.toNanos();
            while (last <= sequence && !finished) {
                if (left <= 0) {
                    return List.of();
                }
                left = changed.awaitNanos(left);
            }
            List<Event> found = new ArrayList<>();
            for (Event event : events) {
                if (event.sequence() > sequence) {
                    found.add(event);
                }
            }
            return found;
        } finally {
            lock.unlock();
        }
    }

    private static long sizeOf(String data) {
        // Close enough for a budget, and cheaper than encoding: most of it is ASCII JSON.
        return data.length() + 64L;
    }
}
