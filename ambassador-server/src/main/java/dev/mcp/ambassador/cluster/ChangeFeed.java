package dev.mcp.ambassador.cluster;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells every replica on the database what changed, so that what they keep in memory follows.
 *
 * <p>A feature that changes something calls {@link #announce} inside the transaction of the
 * change: that raises the topic's counter in {@code change_versions} and sends a PostgreSQL {@code
 * NOTIFY}, both of which take effect only when the change commits. Features that keep something
 * in memory {@link #subscribe}; this class knows none of them. Every replica listens on a
 * connection of its own ({@link FeedListener}); a notification made by this replica itself is not
 * handed on again (the change applied here already). Every {@code reconcile-every} the counters are
 * compared with those last seen, and a topic whose counter moved without a notification arriving is
 * handed on with no subject (refresh all of it) when it is still unseen one round later. After a
 * lost connection the comparison runs, and hands on at once, before the feed counts as in touch
 * again.
 *
 * <p>What every request reads is kept in {@link FeedCache}s made here, emptied when a change of
 * their topics commits on this replica or is heard from another, and after every reconnection.
 *
 * <p>Fail closed: {@link #current} is false once the listening connection has been out of touch
 * for longer than {@code max-staleness}; the caches are bypassed as soon as it is not listening, or
 * has not been heard from for {@link #CACHE_TRUST}.
 */
@Component
public class ChangeFeed implements SmartLifecycle {

    static final String CHANNEL = "ambassador_changes";
    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    /** The listener proves the connection every second; a little more than that may pass unseen. */
    static final Duration CACHE_TRUST = Duration.ofSeconds(3);

    private final JdbcClient jdbc;
    private final UUID replicaId;
    private final Duration maxStaleness;
    private final Duration reconcileEvery;
    private final Map<Topic, List<Consumer<Change>>> subscribers = new EnumMap<>(Topic.class);
    private final Map<Topic, List<FeedCache<?, ?>>> caches = new EnumMap<>(Topic.class);
    private final List<FeedCache<?, ?>> allCaches = new CopyOnWriteArrayList<>();
    /** Touched on the dispatcher thread only. */
    private final Map<Topic, Long> seen = new EnumMap<>(Topic.class);
    /** Versions a reconciliation found unseen, waiting one round for their notification. */
    private final Map<Topic, Long> suspected = new EnumMap<>(Topic.class);

    /** Made anew at every start: a paused context (stopped, then started) must start again. */
    private volatile ScheduledExecutorService dispatcher;

    private final FeedListener listener;
    private volatile boolean running;

    ChangeFeed(JdbcClient jdbc, HikariDataSource dataSource, ReplicaIdentity identity, ClusterProperties properties) {
        this.jdbc = jdbc;
        this.replicaId = identity.id();
        this.maxStaleness = properties.maxStaleness();
        this.reconcileEvery = properties.reconcileEvery();
        for (Topic topic : Topic.values()) {
            subscribers.put(topic, new CopyOnWriteArrayList<>());
            caches.put(topic, new CopyOnWriteArrayList<>());
        }
        // What holders load when they start is current as of now: later changes are handed on.
        seen.putAll(versions());
        this.dispatcher = newDispatcher();
        this.listener = new FeedListener(dataSource, this::heard, this::reconcileNow);
    }

    /**
     * On the listener thread: the caches of the topic are emptied at once, not after whatever the
     * dispatcher is still doing (stopping processes, say); the rest is the dispatcher's.
     */
    private void heard(String payload) {
        int end = payload.indexOf(' ');
        Topic.parse(end < 0 ? payload : payload.substring(0, end)).ifPresent(this::invalidate);
        dispatcher.execute(() -> received(payload));
    }

    /**
     * Tells every replica that something of {@code topic} changed. Call it inside the transaction
     * that makes the change, as its last statement: the notification is sent when, and only if,
     * the transaction commits. Outside a transaction it is sent at once.
     *
     * @param subject what changed (an id), or null; never a secret
     */
    public void announce(Topic topic, Object subject) {
        String payload = " " + replicaId + " "
                + (subject == null ? "-" : subject.toString().replace(' ', '_'));
        jdbc.sql("with raised as (insert into change_versions (topic, version) values (?, 1) on conflict (topic)"
                        + " do update set version = change_versions.version + 1 returning version)"
                        + " select pg_notify(?, ? || ' ' || raised.version || ?) from raised")
                .params(topic.code(), CHANNEL, topic.code(), payload)
                .query((rs, row) -> row)
                .list();
        // This replica does not hear its own notifications: its caches follow once the change is
        // visible to others, before the request that made it is answered.
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    invalidate(topic);
                }
            });
        } else {
            invalidate(topic);
        }
    }

    /**
     * A cache of what requests read, emptied whenever something of {@code topics} changes on any
     * replica, and bypassed while this feed cannot vouch that it hears of every change.
     *
     * @param maxEntries beyond this many values it is emptied and refills with what is used
     */
    public <K, V> FeedCache<K, V> cache(String name, int maxEntries, Topic... topics) {
        FeedCache<K, V> cache = new FeedCache<>(name, this::fresh, maxEntries);
        for (Topic topic : topics) {
            caches.get(topic).add(cache);
        }
        allCaches.add(cache);
        return cache;
    }

    /** True while the listening connection is up, caught up, and was proven within {@link #CACHE_TRUST}. */
    public boolean fresh() {
        long bound = Math.min(CACHE_TRUST.toNanos(), maxStaleness.toNanos());
        return listener.listening() && System.nanoTime() - listener.lastContact() < bound;
    }

    private void invalidate(Topic topic) {
        caches.get(topic).forEach(FeedCache::invalidate);
    }

    /** Runs {@code handler} for every change of {@code topic} made elsewhere (on one thread; keep it short). */
    public void subscribe(Topic topic, Consumer<Change> handler) {
        subscribers.get(topic).add(handler);
    }

    /** True while this replica is known to hear of every change within {@code max-staleness}. */
    public boolean current() {
        return System.nanoTime() - listener.lastContact() < maxStaleness.toNanos();
    }

    /** True while the listening connection is up and has caught up since it last connected. */
    boolean listening() {
        return listener.listening();
    }

    private void received(String payload) {
        String[] parts = payload.split(" ", 4);
        Optional<Topic> topic = parts.length == 4 ? Topic.parse(parts[0]) : Optional.empty();
        if (topic.isEmpty()) {
            log.warn("Ignored a change notification that is not understood");
            return;
        }
        long version;
        try {
            version = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            log.warn("Ignored a change notification without a version");
            return;
        }
        long known = seen.getOrDefault(topic.get(), 0L);
        if (version <= known) {
            return;
        }
        seen.put(topic.get(), version);
        boolean next = version == known + 1;
        if (next && replicaId.toString().equals(parts[2])) {
            return;
        }
        dispatch(new Change(topic.get(), next && !"-".equals(parts[3]) ? parts[3] : null));
    }

    /**
     * Hands on, with no subject, every topic whose counter moved since it was last seen. A counter
     * that moved is first only suspected: its notification may still be on its way, and it carries
     * the subject. Unless {@code now}, the topic is handed on when the next round finds the
     * suspected version still unseen.
     */
    void reconcile(boolean now) {
        versions().forEach((topic, version) -> {
            long known = seen.getOrDefault(topic, 0L);
            if (version <= known && known >= 0) {
                suspected.remove(topic);
                return;
            }
            Long suspect = suspected.get(topic);
            if (now || known < 0 || (suspect != null && suspect > known)) {
                suspected.remove(topic);
                seen.put(topic, version);
                dispatch(new Change(topic, null));
            } else {
                suspected.put(topic, version);
            }
        });
    }

    private void dispatch(Change change) {
        invalidate(change.topic());
        for (Consumer<Change> handler : subscribers.get(change.topic())) {
            try {
                handler.accept(change);
            } catch (RuntimeException e) {
                // Seen as unknown, so the next reconciliation hands it on again.
                seen.put(change.topic(), -1L);
                log.warn(
                        "Could not apply a change of {}: {}",
                        change.topic().code(),
                        e.getClass().getSimpleName());
            }
        }
    }

    private Map<Topic, Long> versions() {
        Map<Topic, Long> versions = new EnumMap<>(Topic.class);
        for (Topic topic : Topic.values()) {
            versions.put(topic, 0L);
        }
        record Row(String topic, long version) {}
        jdbc.sql("select topic, version from change_versions")
                .query((rs, row) -> new Row(rs.getString("topic"), rs.getLong("version")))
                .list()
                .forEach(row -> Topic.parse(row.topic()).ifPresent(topic -> versions.put(topic, row.version())));
        return versions;
    }

    /** On the listener thread after (re)connecting: reconcile on the dispatcher and wait for it. */
    private void reconcileNow() {
        // Whatever was kept before the connection was lost may have missed a change.
        allCaches.forEach(FeedCache::invalidate);
        try {
            dispatcher.submit(() -> reconcile(true)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reconciling");
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not reconcile the change feed", e.getCause());
        }
    }

    private void reconcileQuietly() {
        try {
            reconcile(false);
        } catch (RuntimeException e) {
            log.warn("Could not reconcile the change feed: {}", e.getClass().getSimpleName());
        }
    }

    private static ScheduledExecutorService newDispatcher() {
        return Executors.newSingleThreadScheduledExecutor(task ->
                Thread.ofPlatform().name("change-feed-dispatch").daemon().unstarted(task));
    }

    @Override
    public synchronized void start() {
        if (dispatcher.isShutdown()) {
            dispatcher = newDispatcher();
        }
        running = true;
        // Catch up before serving again (after a pause, a while may have passed); if the database
        // cannot be reached, the feed stays out of touch until the listener catches up.
        try {
            reconcileNow();
            listener.touch();
        } catch (RuntimeException e) {
            log.warn(
                    "Could not reconcile the change feed at start: {}",
                    e.getClass().getSimpleName());
        }
        listener.start();
        long every = reconcileEvery.toMillis();
        dispatcher.scheduleWithFixedDelay(this::reconcileQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        running = false;
        listener.stop();
        dispatcher.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
