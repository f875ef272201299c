package dev.mcp.ambassador.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.TestFeeds;
import dev.mcp.ambassador.cluster.Topic;
import dev.mcp.ambassador.pipeline.Subject;
import dev.mcp.ambassador.support.TestCatalog;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The grants and key scopes kept in memory on a real PostgreSQL with two replicas' change feeds:
 * a grant, group membership or key scope changed here (announced in its transaction, as the admin
 * API does) decides the very next request, one changed on the other replica as soon as its
 * notification arrives, and while the feed cannot vouch every decision reads the database.
 */
class AccessPolicyCacheIntegrationTests {

    private static final Subject ECHO = Subject.tool("echo");

    private TestFeeds feeds;
    private AccessPolicy here;
    private final UUID user = UUID.randomUUID();
    private final UUID key = UUID.randomUUID();
    private CatalogServer server;

    @BeforeEach
    void start() {
        feeds = TestFeeds.start();
        here = new AccessPolicy(feeds.jdbc(), JsonMapper.builder().build(), feeds.here());
        server = TestCatalog.sharedStdioServer("echo");
        feeds.jdbc()
                .sql("insert into users (id, username, roles) values (?, 'someone', '{USER}')")
                .param(user)
                .update();
        feeds.jdbc()
                .sql("insert into servers (id, slug, display_name, transport, command, status)"
                        + " values (?, 'echo', 'echo', 'stdio', '[\"true\"]', 'published')")
                .param(server.id())
                .update();
        feeds.jdbc()
                .sql(
                        "insert into preshared_keys (id, user_id, name, prefix, key_hash) values (?, ?, 'k', 'abcdefgh', 'x')")
                .params(key, user)
                .update();
    }

    @AfterEach
    void stop() {
        feeds.close();
    }

    @Test
    void rulesForWhenAGrantIsMadeAndRemovedHereThenTheVeryNextDecisionFollows() {
        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isFalse();
        assertThat(here.grantedServers(user)).isEmpty();

        UUID grant = UUID.randomUUID();
        feeds.inTransaction(() -> grantEcho(feeds.here(), grant));
        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isTrue();
        assertThat(here.grantedServers(user)).containsExactly(server.id());

        feeds.inTransaction(() -> change(feeds.here(), Topic.GRANTS, "delete from grants where id = ?", grant));
        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isFalse();
        assertThat(here.grantedServers(user)).isEmpty();
    }

    @Test
    void rulesForWhenTheUserLeavesTheGrantedGroupHereThenTheVeryNextDecisionFollows() {
        UUID group = UUID.randomUUID();
        feeds.jdbc()
                .sql("insert into groups (id, name) values (?, 'team')")
                .param(group)
                .update();
        feeds.jdbc()
                .sql("insert into group_members (group_id, user_id) values (?, ?)")
                .params(group, user)
                .update();
        feeds.jdbc()
                .sql("insert into grants (id, group_id, server_id, allow, deny) values (?, ?, ?, '{echo}', '{}')")
                .params(UUID.randomUUID(), group, server.id())
                .update();
        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isTrue();

        feeds.inTransaction(
                () -> change(feeds.here(), Topic.GRANTS, "delete from group_members where user_id = ?", user));

        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isFalse();
    }

    @Test
    void rulesForWhenTheKeyIsNarrowedHereThenTheVeryNextDecisionFollows() {
        feeds.inTransaction(() -> grantEcho(feeds.here(), UUID.randomUUID()));
        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isTrue();

        feeds.inTransaction(() -> change(
                feeds.here(),
                Topic.KEYS,
                "update preshared_keys set scopes = '[{\"server\":\"echo\",\"allow\":[\"other\"]}]' where id = ?",
                key));

        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isFalse();
        assertThat(here.rulesFor(user, key, server).keyScope()).containsExactly("other");
    }

    @Test
    void rulesForWhenAGrantIsMadeOnTheOtherReplicaThenItDecidesOnceTheFeedTellsOfIt() {
        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isFalse();

        feeds.inTransaction(() -> grantEcho(feeds.there(), UUID.randomUUID()));

        TestFeeds.waitFor(() -> here.rulesFor(user, key, server).permits(ECHO), "the grant to decide here");
    }

    @Test
    void rulesForWhenTheFeedCannotVouchThenTheDatabaseIsReadAndWhatChangedUnheardIsSeen() {
        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isFalse();
        // A change nobody announces stays unseen while the cache is trusted: it is really kept.
        feeds.jdbc()
                .sql("insert into grants (id, user_id, server_id, allow, deny) values (?, ?, ?, '{echo}', '{}')")
                .params(UUID.randomUUID(), user, server.id())
                .update();
        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isFalse();

        feeds.cutListenerHere();
        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isTrue();

        feeds.restoreListenerHere();
        assertThat(here.rulesFor(user, key, server).permits(ECHO)).isTrue();
    }

    private Void grantEcho(ChangeFeed feed, UUID grant) {
        feeds.jdbc()
                .sql("insert into grants (id, user_id, server_id, allow, deny) values (?, ?, ?, '{echo}', '{}')")
                .params(grant, user, server.id())
                .update();
        feed.announce(Topic.GRANTS, grant);
        return null;
    }

    private Void change(ChangeFeed feed, Topic topic, String sql, UUID id) {
        feeds.jdbc().sql(sql).param(id).update();
        feed.announce(topic, id);
        return null;
    }
}
