package dev.mcp.ambassador.cluster;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one connection of its own (outside the pool) that {@code LISTEN}s on the feed's channel,
 * hands every payload on, and checks every second that the database still answers. When the
 * connection is lost it connects again, with a growing pause of at most five seconds, and asks for
 * a reconciliation before it counts as in touch again.
 */
final class FeedListener {

    private static final Logger log = LoggerFactory.getLogger(FeedListener.class);
    private static final int POLL_MILLIS = 1_000;
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final HikariDataSource dataSource;
    private final Consumer<String> payloads;
    private final Runnable reconnected;
    private volatile boolean running;
    private volatile long lastContact = System.nanoTime();
    private volatile Connection connection;
    private volatile boolean listening;
    private volatile Thread thread;

    /**
     * @param payloads receives every notification's payload, on the listener thread
     * @param reconnected runs (and must finish) after every successful LISTEN, before the feed
     *     counts as in touch: it reconciles what may have been missed while away
     */
    FeedListener(HikariDataSource dataSource, Consumer<String> payloads, Runnable reconnected) {
        this.dataSource = dataSource;
        this.payloads = payloads;
        this.reconnected = reconnected;
    }

    synchronized void start() {
        running = true;
        Thread started = Thread.ofPlatform().name("change-feed").daemon().unstarted(this::run);
        thread = started;
        started.start();
    }

    synchronized void stop() {
        running = false;
        listening = false;
        closeQuietly(connection);
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** True while the connection listens and has caught up since it last connected. */
    boolean listening() {
        return listening;
    }

    /** Counts as in touch from now: the caller has just caught up through another connection. */
    void touch() {
        lastContact = System.nanoTime();
    }

    /** System.nanoTime of the last moment the listening connection was known to work. */
    long lastContact() {
        return lastContact;
    }

    /** False once stopped, or once a newer thread took over after a restart. */
    private boolean mine() {
        return running && Thread.currentThread() == thread;
    }

    private void run() {
        long pause = 100;
        while (mine()) {
            try (Connection open = connect()) {
                connection = open;
                try (Statement statement = open.createStatement()) {
                    statement.execute("listen " + ChangeFeed.CHANNEL);
                }
                reconnected.run();
                lastContact = System.nanoTime();
                listening = true;
                pause = 100;
                PGConnection pg = open.unwrap(PGConnection.class);
                while (mine()) {
                    PGNotification[] received = pg.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notification : received) {
                            payloads.accept(notification.getParameter());
                        }
                    }
                    try (Statement ping = open.createStatement()) {
                        ping.execute("select 1");
                    }
                    lastContact = System.nanoTime();
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!mine()) {
                    return;
                }
                log.warn(
                        "The change feed lost the database, connecting again: {}",
                        e.getClass().getSimpleName());
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            pause = Math.min(pause * 2, MAX_PAUSE.toMillis());
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (dataSource.getUsername() != null) {
            properties.setProperty("user", dataSource.getUsername());
        }
        if (dataSource.getPassword() != null) {
            properties.setProperty("password", dataSource.getPassword());
        }
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "ambassador change feed");
        return DriverManager.getConnection(dataSource.getJdbcUrl(), properties);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // Closing is all that was wanted.
        }
    }
}
