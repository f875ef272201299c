package dev.mcp.ambassador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two change feeds (two replicas) on one real PostgreSQL: what one announces in a committed
 * transaction reaches the other, a rolled-back one never does, a missed notification is repaired
 * by reconciliation, a lost connection is re-established and caught up, and a feed that cannot
 * reach the database stops counting as current after its bound.
 */
class ChangeFeedIntegrationTests {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static EmbeddedPostgres postgres;
    private static HikariDataSource pool;

    private ChangeFeed here;
    private ChangeFeed there;
    private final List<Change> heardHere = new CopyOnWriteArrayList<>();
    private final List<Change> heardThere = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startDatabase() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database feed");
        }
        pool = dataSource();
        Flyway.configure().dataSource(pool).load().migrate();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (pool != null) {
            pool.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void startFeeds() {
        here = feed(heardHere);
        there = feed(heardThere);
        // Only what is committed after LISTEN is notified; anything earlier is caught up without subject.
        waitFor(() -> here.listening() && there.listening(), "both feeds to listen");
        heardHere.clear();
        heardThere.clear();
    }

    @AfterEach
    void stopFeeds() throws SQLException {
        here.stop();
        there.stop();
        admin("alter database feed with allow_connections true");
    }

    @Test
    void announceWhenTheTransactionCommitsThenTheOtherReplicaHearsItWithItsSubjectAndTheAnnouncerDoesNot() {
        UUID grant = UUID.randomUUID();

        transactions().executeWithoutResult(status -> here.announce(Topic.GRANTS, grant));

        waitFor(() -> heardThere.contains(new Change(Topic.GRANTS, grant.toString())), "the other replica to hear");
        assertThat(heardHere).isEmpty();
    }

    @Test
    void announceWhenTheTransactionRollsBackThenNoReplicaHearsIt() {
        UUID rolledBack = UUID.randomUUID();
        UUID committed = UUID.randomUUID();

        transactions().executeWithoutResult(status -> {
            here.announce(Topic.KILL_SWITCHES, rolledBack);
            status.setRollbackOnly();
        });
        transactions().executeWithoutResult(status -> here.announce(Topic.KILL_SWITCHES, committed));

        waitFor(() -> !heardThere.isEmpty(), "the committed change to be heard");
        assertThat(heardThere).containsExactly(new Change(Topic.KILL_SWITCHES, committed.toString()));
    }

    @Test
    void changeWhenItsNotificationIsMissedThenReconciliationHandsItOnWithoutSubject() {
        // Raised as announce does, but with no NOTIFY: as if the notification was lost.
        JdbcClient.create(pool)
                .sql("insert into change_versions (topic, version) values ('rate_limits', 1)"
                        + " on conflict (topic) do update set version = change_versions.version + 1")
                .update();

        waitFor(() -> heardThere.contains(new Change(Topic.RATE_LIMITS, null)), "reconciliation on the other");
        waitFor(() -> heardHere.contains(new Change(Topic.RATE_LIMITS, null)), "reconciliation here");
    }

    @Test
    void connectionWhenTerminatedThenTheFeedConnectsAgainAndCatchesUpOnWhatChangedMeanwhile() throws SQLException {
        admin("alter database feed with allow_connections false");
        terminateListeners();
        JdbcClient.create(pool)
                .sql("insert into change_versions (topic, version) values ('catalog', 1)"
                        + " on conflict (topic) do update set version = change_versions.version + 1")
                .update();
        admin("alter database feed with allow_connections true");

        waitFor(() -> heardThere.contains(new Change(Topic.CATALOG, null)), "the catch-up after reconnecting");
        UUID after = UUID.randomUUID();
        waitFor(
                () -> {
                    transactions().executeWithoutResult(status -> here.announce(Topic.USERS, after));
                    return heardThere.contains(new Change(Topic.USERS, after.toString()));
                },
                "notifications to flow again");
        assertThat(there.current()).isTrue();
    }

    @Test
    void feedWhenTheDatabaseCannotBeReachedLongerThanItsBoundThenItIsNotCurrentUntilItIsBack() throws SQLException {
        assertThat(there.current()).isTrue();

        admin("alter database feed with allow_connections false");
        terminateListeners();
        waitFor(() -> !there.current(), "the feed to stop counting as current");
        admin("alter database feed with allow_connections true");

        waitFor(there::current, "the feed to be current again");
    }

    private ChangeFeed feed(List<Change> heard) {
        ClusterProperties properties = new ClusterProperties(
                Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30), null);
        ReplicaIdentity identity = new ReplicaIdentity(properties, new StandardEnvironment(), Clock.systemUTC());
        ChangeFeed feed = new ChangeFeed(JdbcClient.create(pool), pool, identity, properties);
        for (Topic topic : Topic.values()) {
            feed.subscribe(topic, heard::add);
        }
        feed.start();
        return feed;
    }

    private static TransactionTemplate transactions() {
        return new TransactionTemplate(new DataSourceTransactionManager(pool));
    }

    private static void terminateListeners() throws SQLException {
        admin(
                "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'ambassador change feed'");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static HikariDataSource dataSource() {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "feed"));
        dataSource.setUsername("postgres");
        dataSource.setPassword("");
        dataSource.setMaximumPoolSize(4);
        return dataSource;
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
