package dev.mcp.ambassador.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.cluster.TestFeeds;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.support.TestRequests;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rate limits kept in memory on a real PostgreSQL with two replicas' change feeds: a limit
 * made or removed here applies from the very next request, one made on the other replica as soon
 * as its notification arrives, and while the feed cannot vouch every request reads the database.
 */
class RateLimitCacheIntegrationTests {

    private TestFeeds feeds;
    private RateLimits here;
    private RateLimits there;
    private final UUID user = UUID.randomUUID();

    @BeforeEach
    void start() {
        feeds = TestFeeds.start();
        here = new RateLimits(feeds.jdbc(), feeds.here());
        there = new RateLimits(feeds.jdbc(), feeds.there());
    }

    @AfterEach
    void stop() {
        feeds.close();
    }

    @Test
    void applyingToWhenALimitIsMadeAndRemovedHereThenTheVeryNextRequestSeesEach() {
        assertThat(here.applyingTo(call())).isEmpty();

        RateLimit made = feeds.inTransaction(() -> here.insert(Scope.USER, user.toString(), 5, 60, "admin"));
        assertThat(here.applyingTo(call())).extracting(RateLimit::id).containsExactly(made.id());

        feeds.inTransaction(() -> here.delete(made.id()));
        assertThat(here.applyingTo(call())).isEmpty();
    }

    @Test
    void applyingToWhenALimitIsMadeOnTheOtherReplicaThenItAppliesOnceTheFeedTellsOfIt() {
        assertThat(here.applyingTo(call())).isEmpty();

        RateLimit made = feeds.inTransaction(() -> there.insert(Scope.SERVER, "echo", 5, 60, "admin"));

        TestFeeds.waitFor(
                () -> here.applyingTo(call()).stream()
                        .map(RateLimit::id)
                        .toList()
                        .equals(List.of(made.id())),
                "the limit to apply here");
    }

    @Test
    void applyingToWhenALimitNamesAnotherTargetThenItDoesNotApply() {
        feeds.inTransaction(() -> here.insert(Scope.USER, UUID.randomUUID().toString(), 5, 60, "admin"));
        feeds.inTransaction(() -> here.insert(Scope.TOOL, "echo/other", 5, 60, "admin"));
        RateLimit everyUser = feeds.inTransaction(() -> here.insert(Scope.USER, null, 9, 60, "admin"));

        assertThat(here.applyingTo(call())).extracting(RateLimit::id).containsExactly(everyUser.id());
    }

    @Test
    void applyingToWhenTheFeedCannotVouchThenTheDatabaseIsReadAndWhatChangedUnheardIsSeen() {
        assertThat(here.applyingTo(call())).isEmpty();
        // A change nobody announces stays unseen while the cache is trusted: it is really kept.
        feeds.jdbc()
                .sql("insert into rate_limits (id, scope, target, capacity, refill_per_minute, created_by_name)"
                        + " values (?, 'user', ?, 1, 1, 'admin')")
                .params(UUID.randomUUID(), user.toString())
                .update();
        assertThat(here.applyingTo(call())).isEmpty();

        feeds.cutListenerHere();
        assertThat(here.applyingTo(call())).hasSize(1);

        feeds.restoreListenerHere();
        assertThat(here.applyingTo(call())).hasSize(1);
    }

    private DownstreamRequest call() {
        return TestRequests.toolCall(user, "echo", "echo");
    }
}
