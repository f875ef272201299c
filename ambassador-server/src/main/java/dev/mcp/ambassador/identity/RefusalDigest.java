package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.audit.SecurityEvent;
import dev.mcp.ambassador.audit.SecurityEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Records refusals that anyone can cause at will (bad tokens, bad keys, throttled attempts)
 * without letting them flood the log: the first refusal of a kind from a client in each minute is
 * recorded as it is, the rest are counted and recorded as one event per kind and client when the
 * minute is over. Nothing is dropped: every refusal is either recorded or counted.
 */
@Component
public class RefusalDigest implements DisposableBean {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final int MAX_CLIENTS = 10_000;
    private static final String MANY_CLIENTS = "(many addresses)";

    private final SecurityEvents events;
    private final Clock clock;
    private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    private record Key(SecurityEvent.Type type, String client) {}

    RefusalDigest(SecurityEvents events, Clock clock) {
        this.events = events;
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "refusal-digest");
            thread.setDaemon(true);
            return thread;
        });
        long every = INTERVAL.toMillis();
        flusher.scheduleAtFixedRate(this::flush, every, every, TimeUnit.MILLISECONDS);
    }

    /** Records {@code refusal} now if it is the first of its kind from its client this minute. */
    public void refused(SecurityEvent refusal) {
        String client = refusal.clientAddress() == null ? "" : refusal.clientAddress();
        Key key = new Key(refusal.type(), counts.size() >= MAX_CLIENTS ? MANY_CLIENTS : client);
        if (counts.computeIfAbsent(key, k -> new AtomicLong()).getAndIncrement() == 0) {
            events.record(refusal);
        }
    }

    /** Records one event per kind and client for the refusals counted since the last flush. */
    void flush() {
        for (Key key : counts.keySet()) {
            AtomicLong count = counts.remove(key);
            long more = count == null ? 0 : count.get() - 1;
            if (more > 0) {
                events.record(new SecurityEvent(
                        key.type(),
                        clock.instant(),
                        null,
                        "repeated refusals",
                        key.client(),
                        more + " more in the last " + INTERVAL.toSeconds() + " s"));
            }
        }
    }

    @Override
    public void destroy() {
        flusher.shutdownNow();
        flush();
    }
}
