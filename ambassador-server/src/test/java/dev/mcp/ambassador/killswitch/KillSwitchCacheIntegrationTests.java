package dev.mcp.ambassador.killswitch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.cluster.TestFeeds;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.support.TestRequests;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The active kill switches kept in memory on a real PostgreSQL with two replicas' change feeds:
 * a switch set or lifted here is seen by the very next check, one set on the other replica as soon
 * as its notification arrives, and while the feed cannot vouch every check reads the database.
 */
class KillSwitchCacheIntegrationTests {

    private TestFeeds feeds;
    private KillSwitches here;
    private KillSwitches there;
    private final UUID user = UUID.randomUUID();

    @BeforeEach
    void start() {
        feeds = TestFeeds.start();
        here = new KillSwitches(feeds.jdbc(), feeds.here());
        there = new KillSwitches(feeds.jdbc(), feeds.there());
    }

    @AfterEach
    void stop() {
        feeds.close();
    }

    @Test
    void stoppingWhenASwitchIsSetAndLiftedHereThenTheVeryNextCheckSeesEach() {
        assertThat(here.stopping(call())).isEmpty();

        KillSwitch set = feeds.inTransaction(() -> here.insert(Scope.USER, user.toString(), "incident", "admin"));
        assertThat(here.stopping(call())).map(KillSwitch::id).contains(set.id());

        feeds.inTransaction(() -> here.lift(set.id(), "admin", Instant.now()));
        assertThat(here.stopping(call())).isEmpty();
    }

    @Test
    void stoppingWhenASwitchIsSetOnTheOtherReplicaThenItIsSeenOnceTheFeedTellsOfIt() {
        assertThat(here.stopping(call())).isEmpty();

        KillSwitch set = feeds.inTransaction(() -> there.insert(Scope.GLOBAL, null, "incident", "admin"));

        TestFeeds.waitFor(
                () -> here.stopping(call()).map(KillSwitch::id).equals(Optional.of(set.id())),
                "the switch to stop requests here");
    }

    @Test
    void stoppingWhenTheFeedCannotVouchThenTheDatabaseIsReadAndWhatChangedUnheardIsSeen() {
        assertThat(here.stopping(call())).isEmpty();
        // A change nobody announces stays unseen while the cache is trusted: it is really kept.
        insertUnannounced();
        assertThat(here.stopping(call())).isEmpty();

        feeds.cutListenerHere();
        assertThat(here.stopping(call())).isPresent();

        feeds.restoreListenerHere();
        assertThat(here.stopping(call())).isPresent();
    }

    private void insertUnannounced() {
        feeds.jdbc()
                .sql("insert into kill_switches (id, scope, target, reason, created_by_name)"
                        + " values (?, 'user', ?, 'unannounced', 'admin')")
                .params(UUID.randomUUID(), user.toString())
                .update();
    }

    private DownstreamRequest call() {
        return TestRequests.toolCall(user, "echo", "echo");
    }
}
