package dev.mcp.ambassador.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Something every request reads from the database, kept in memory while the {@link ChangeFeed}
 * vouches that it would hear of every change to it. Made by {@link ChangeFeed#cache}, which empties
 * it when a change of one of its topics commits on this replica (after the commit, in the thread
 * that made it), when another replica's change is heard, when a reconciliation finds one, and
 * whenever the feed connects again.
 *
 * <p>Fail closed: while the feed does not vouch (its connection is down, or has not been heard
 * from lately), nothing is read from or put into memory: every read goes to the database, and if
 * that fails the caller's check fails as it would without a cache. A thread inside a transaction
 * reads the database too, so that it sees its own uncommitted writes.
 *
 * <p>A value read from the database just before a change committed must not stay: every emptying
 * raises a generation, and a value is kept only if no emptying happened while it was being read.
 */
public final class FeedCache<K, V> {

    private final String name;
    private final BooleanSupplier trusted;
    private final int maxEntries;
    private final Map<K, V> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /**
     * @param trusted true while the change feed vouches for what is kept
     * @param maxEntries beyond this many the cache is emptied and refills with what is used
     */
    FeedCache(String name, BooleanSupplier trusted, int maxEntries) {
        this.name = name;
        this.trusted = trusted;
        this.maxEntries = maxEntries;
    }

    /**
     * The value of {@code key}: from memory when the feed vouches for it, else from {@code load}
     * (which reads the database and never returns null; represent "none" by a value such as an
     * empty {@code Optional}).
     */
    public V get(K key, Function<? super K, ? extends V> load) {
        if (!trusted.getAsBoolean() || TransactionSynchronizationManager.isActualTransactionActive()) {
            return load.apply(key);
        }
        V kept = entries.get(key);
        if (kept != null) {
            return kept;
        }
        long before = generation.get();
        V loaded = load.apply(key);
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, loaded);
        if (generation.get() != before) {
            // Emptied while it was read: what was read may predate the change.
            entries.remove(key, loaded);
        }
        return loaded;
    }

    /** Forgets everything kept; the next read of each key goes to the database. */
    public void invalidate() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** How many values are kept now; for tests and diagnostics. */
    public int size() {
        return entries.size();
    }

    @Override
    public String toString() {
        return "FeedCache[" + name + "]";
    }
}
