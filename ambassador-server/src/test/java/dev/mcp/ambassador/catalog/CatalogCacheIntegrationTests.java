package dev.mcp.ambassador.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.cluster.TestFeeds;
import dev.mcp.ambassador.support.TestCatalog;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog lookups kept in memory on a real PostgreSQL with two replicas' change feeds: an entry
 * added, changed or removed here is seen by the very next lookup, one changed on the other replica
 * as soon as its notification arrives, and while the feed cannot vouch every lookup reads the
 * database.
 */
class CatalogCacheIntegrationTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private TestFeeds feeds;
    private Catalog here;
    private Catalog there;

    @BeforeEach
    void start() {
        feeds = TestFeeds.start();
        here = new Catalog(feeds.jdbc(), json, feeds.here());
        there = new Catalog(feeds.jdbc(), json, feeds.there());
    }

    @AfterEach
    void stop() {
        feeds.close();
    }

    @Test
    void findWhenAnEntryIsAddedChangedAndRemovedHereThenTheVeryNextLookupSeesEach() {
        assertThat(here.findBySlug("echo")).isEmpty();
        assertThat(here.findPublished()).isEmpty();

        CatalogServer added = feeds.inTransaction(() -> here.insert(TestCatalog.sharedStdioServer("echo")));
        assertThat(here.findBySlug("echo")).map(CatalogServer::id).contains(added.id());
        assertThat(here.findPublished()).extracting(CatalogServer::slug).containsExactly("echo");

        feeds.inTransaction(() -> here.update(withName(added, "Echo, renamed")));
        assertThat(here.findBySlug("echo")).map(CatalogServer::displayName).contains("Echo, renamed");
        assertThat(here.findPublished()).extracting(CatalogServer::displayName).containsExactly("Echo, renamed");

        feeds.inTransaction(() -> here.delete(added.id()));
        assertThat(here.findBySlug("echo")).isEmpty();
        assertThat(here.findPublished()).isEmpty();
    }

    @Test
    void findWhenAnEntryChangesOnTheOtherReplicaThenTheLookupSeesItOnceTheFeedTellsOfIt() {
        CatalogServer added = feeds.inTransaction(() -> there.insert(TestCatalog.sharedStdioServer("echo")));
        TestFeeds.waitFor(() -> here.findBySlug("echo").isPresent(), "the entry to be found here");

        feeds.inTransaction(() -> there.update(withName(added, "Echo, renamed")));

        TestFeeds.waitFor(
                () -> here.findBySlug("echo").map(CatalogServer::displayName).equals(Optional.of("Echo, renamed"))
                        && here.findPublished().getFirst().displayName().equals("Echo, renamed"),
                "the change to be seen here");
    }

    @Test
    void findWhenTheFeedCannotVouchThenTheDatabaseIsReadAndWhatChangedUnheardIsSeen() {
        feeds.inTransaction(() -> here.insert(TestCatalog.sharedStdioServer("echo")));
        assertThat(here.findBySlug("echo")).map(CatalogServer::displayName).contains("echo");
        // A change nobody announces stays unseen while the cache is trusted: it is really kept.
        feeds.jdbc()
                .sql("update servers set display_name = 'unannounced' where slug = 'echo'")
                .update();
        assertThat(here.findBySlug("echo")).map(CatalogServer::displayName).contains("echo");

        feeds.cutListenerHere();
        assertThat(here.findBySlug("echo")).map(CatalogServer::displayName).contains("unannounced");

        feeds.restoreListenerHere();
        assertThat(here.findBySlug("echo")).map(CatalogServer::displayName).contains("unannounced");
    }

    private static CatalogServer withName(CatalogServer server, String displayName) {
        return new CatalogServer(
                server.id(),
                server.slug(),
                displayName,
                server.transport(),
                server.command(),
                server.env(),
                server.url(),
                server.headers(),
                server.isolation(),
                server.status(),
                server.callTimeoutSeconds(),
                server.createdAt(),
                server.updatedAt(),
                server.sandbox(),
                server.credentials(),
                server.protocol(),
                server.nameMapping());
    }
}
