package dev.mcp.ambassador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A real PostgreSQL database with the server's schema and two change feeds on it, as two replicas
 * would have, for testing what a feature keeps in a {@link FeedCache}. The embedded PostgreSQL is
 * started once per test run; each instance gets a database of its own.
 */
public final class TestFeeds implements AutoCloseable {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private final String database;
    private final HikariDataSource pool;
    private final ChangeFeed here;
    private final ChangeFeed there;

    private TestFeeds(String database) {
        this.database = database;
        this.pool = new HikariDataSource();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", database));
        pool.setUsername("postgres");
        pool.setPassword("");
        pool.setMaximumPoolSize(4);
        pool.setMinimumIdle(4);
        Flyway.configure().dataSource(pool).load().migrate();
        this.here = feed();
        this.there = feed();
        waitFor(() -> here.fresh() && there.fresh(), "both feeds to listen");
    }

    /** A fresh database with both feeds listening. */
    public static synchronized TestFeeds start() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
        }
        String database = "feeds" + DATABASES.incrementAndGet();
        admin("create database " + database);
        return new TestFeeds(database);
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(pool);
    }

    /** The feed of the replica under test, whose caches are examined. */
    public ChangeFeed here() {
        return here;
    }

    /** The feed of another replica on the same database, which makes changes this one must hear. */
    public ChangeFeed there() {
        return there;
    }

    /** Runs {@code work} in one transaction, as an admin API request does, and commits it. */
    public <T> T inTransaction(Supplier<T> work) {
        return new TransactionTemplate(new DataSourceTransactionManager(pool)).execute(status -> work.get());
    }

    /**
     * Cuts this replica's listening connection and keeps it from connecting again, as a network
     * failure would, and waits until its feed no longer vouches for its caches. The pool's open
     * connections keep working.
     */
    public void cutListenerHere() {
        admin("alter database " + database + " with allow_connections false");
        admin("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'ambassador change feed'"
                + " and datname = '" + database + "'");
        waitFor(() -> !here.fresh(), "the feed to stop vouching");
    }

    /** Lets the listeners connect again and waits until this replica's feed vouches again. */
    public void restoreListenerHere() {
        admin("alter database " + database + " with allow_connections true");
        waitFor(here::fresh, "the feed to vouch again");
    }

    /** Waits, with a deadline, for {@code condition}; checks it every 20 ms. */
    public static void waitFor(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Runnable step : List.<Runnable>of(here::stop, there::stop, pool::close)) {
            try {
                step.run();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    private ChangeFeed feed() {
        ClusterProperties properties = new ClusterProperties(
                Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30), null);
        ReplicaIdentity identity = new ReplicaIdentity(properties, new StandardEnvironment(), Clock.systemUTC());
        ChangeFeed feed = new ChangeFeed(JdbcClient.create(pool), pool, identity, properties);
        feed.start();
        return feed;
    }

    private static void admin(String sql) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run: " + sql, e);
        }
    }
}
