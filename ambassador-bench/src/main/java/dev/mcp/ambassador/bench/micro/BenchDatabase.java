package dev.mcp.ambassador.bench.micro;

import com.zaxxer.hikari.HikariDataSource;
import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.ClusterProperties;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A real PostgreSQL (embedded, schema from the server's own migrations) for the benchmarks that
 * read or write the database. Components get one kept-open connection, so no pool is counted; the
 * change feed listens on a connection of its own, as on a server.
 */
final class BenchDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final SingleConnectionDataSource connection;
    private final HikariDataSource forFeed;
    private final JdbcClient jdbc;

    private BenchDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        Flyway.configure()
                .dataSource(postgres.getPostgresDatabase())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        this.connection = new SingleConnectionDataSource(postgres.getJdbcUrl("postgres", "postgres"), true);
        this.jdbc = JdbcClient.create(connection);
        // Never asked for a connection: the feed takes its URL and user to open its own.
        this.forFeed = new HikariDataSource();
        forFeed.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        forFeed.setUsername("postgres");
    }

    static BenchDatabase start() {
        try {
            return new BenchDatabase(EmbeddedPostgres.builder().start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JdbcClient jdbc() {
        return jdbc;
    }

    SingleConnectionDataSource dataSource() {
        return connection;
    }

    /**
     * A change feed as a server has one. Started, it listens and vouches for the caches made from
     * it, which then answer from memory; not started, it never vouches, so every read goes to the
     * database, as on a replica whose feed is out of touch.
     */
    ChangeFeed feed(boolean started) {
        ClusterProperties properties = new ClusterProperties(
                Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofSeconds(30), null);
        Object identity = Reflective.construct(
                "dev.mcp.ambassador.cluster.ReplicaIdentity",
                List.of(properties, new StandardEnvironment(), Clock.systemUTC()));
        ChangeFeed feed = (ChangeFeed) Reflective.construct(
                "dev.mcp.ambassador.cluster.ChangeFeed", List.of(jdbc, forFeed, identity, properties));
        if (started) {
            feed.start();
            Instant deadline = Instant.now().plusSeconds(60);
            while (!feed.fresh()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("The change feed did not start listening within a minute");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return feed;
    }

    @Override
    public void close() {
        connection.destroy();
        forFeed.close();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
