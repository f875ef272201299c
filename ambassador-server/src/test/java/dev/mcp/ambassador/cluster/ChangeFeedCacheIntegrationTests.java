package dev.mcp.ambassador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The change feed's side of the caches, on a real PostgreSQL with two replicas' feeds: a cache
 * follows a change announced elsewhere although the dispatcher is still busy with an earlier one,
 * and only the caches of the changed topic are emptied.
 */
class ChangeFeedCacheIntegrationTests {

    private TestFeeds feeds;
    private final AtomicInteger reads = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() {
        feeds = TestFeeds.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        feeds.close();
    }

    @Test
    void cacheWhenAChangeIsHeardWhileTheDispatcherIsBusyThenItIsEmptiedAtOnce() throws InterruptedException {
        CountDownLatch busy = new CountDownLatch(1);
        feeds.here().subscribe(Topic.KILL_SWITCHES, change -> {
            busy.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        FeedCache<String, Integer> catalog = feeds.here().cache("test catalog", 10, Topic.CATALOG);
        assertThat(catalog.get("entry", key -> reads.incrementAndGet())).isEqualTo(1);

        feeds.inTransaction(() -> announce(Topic.KILL_SWITCHES));
        assertThat(busy.await(20, TimeUnit.SECONDS))
                .as("the dispatcher to be busy")
                .isTrue();
        feeds.inTransaction(() -> announce(Topic.CATALOG));

        TestFeeds.waitFor(() -> catalog.get("entry", key -> reads.incrementAndGet()) == 2, "the cache to be emptied");
    }

    @Test
    void cacheWhenAnotherTopicChangesThenItKeepsWhatItHas() {
        FeedCache<String, Integer> catalog = feeds.here().cache("test catalog", 10, Topic.CATALOG);
        FeedCache<String, Integer> limits = feeds.here().cache("test limits", 10, Topic.RATE_LIMITS);
        catalog.get("entry", key -> reads.incrementAndGet());
        limits.get("limit", key -> 0);

        feeds.inTransaction(() -> announce(Topic.RATE_LIMITS));

        TestFeeds.waitFor(() -> limits.size() == 0, "the limits to be emptied");
        assertThat(catalog.get("entry", key -> reads.incrementAndGet())).isEqualTo(1);
    }

    private Void announce(Topic topic) {
        feeds.there().announce(topic, UUID.randomUUID());
        return null;
    }
}
