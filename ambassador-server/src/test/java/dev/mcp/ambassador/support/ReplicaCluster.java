package dev.mcp.ambassador.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two replicas of one installation: server processes (A and B) on one embedded PostgreSQL, sharing
 * what docs/operations.md asks replicas to share (the database, the master key, the session secret
 * and the key-hash secret), each with a data directory of its own. Registered as an extension of a
 * test class, it runs for the class's tests: started before them, stopped (B, then A, then the
 * database) after them.
 */
public final class ReplicaCluster implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private final Map<String, String> extra;
    private final boolean sharingCa;
    private EmbeddedPostgres postgres;
    private ServerProcess a;
    private ServerProcess b;

    private ReplicaCluster(Map<String, String> extra, boolean sharingCa) {
        this.extra = Map.copyOf(extra);
        this.sharingCa = sharingCa;
    }

    /**
     * For a test class ({@code @RegisterExtension static}): before its tests, starts the database,
     * then both replicas at once on the shared settings plus {@code extra}, as replicas rolled out
     * together start, racing each other to migrate and to create the administrator.
     */
    public static ReplicaCluster together(Map<String, String> extra) {
        return new ReplicaCluster(extra, false);
    }

    /**
     * For a test class ({@code @RegisterExtension static}): before its tests, starts the database,
     * then A, then B with A's CA put in its fresh data directory, so that each trusts the other's
     * certificate, as the operations guide asks of replicas that call each other.
     */
    public static ReplicaCluster sharingCa(Map<String, String> extra) {
        return new ReplicaCluster(extra, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        Map<String, String> settings = settings();
        if (sharingCa) {
            a = ServerProcess.start(settings);
            Path caHolder = a.dataDir();
            b = ServerProcess.start(settings, Map.of(), dataDir -> shareCa(caHolder, dataDir));
        } else {
            List<ServerProcess> servers = ServerProcess.startTogether(settings);
            a = servers.get(0);
            b = servers.get(1);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        close();
    }

    public ServerProcess a() {
        return a;
    }

    public ServerProcess b() {
        return b;
    }

    /** The shared database, for a test that reaches into it directly. */
    public DataSource database() {
        return postgres.getPostgresDatabase();
    }

    /** Stops B, then A, then the database: whichever of them started. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            for (ServerProcess server : new ServerProcess[] {b, a}) {
                if (server != null) {
                    server.close();
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private Map<String, String> settings() {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("ambassador.database.url", postgres.getJdbcUrl("postgres", "postgres"));
        settings.put("ambassador.database.username", "postgres");
        settings.put("ambassador.database.password", "");
        settings.put("ambassador.master-key", ServerProcess.randomSecret());
        settings.put("ambassador.session-secret", ServerProcess.randomSecret());
        settings.put("ambassador.auth.key-hash-secret", ServerProcess.randomSecret());
        return Map.copyOf(settings);
    }

    private static void shareCa(Path from, Path to) {
        try {
            Path tls = Files.createDirectories(to.resolve("tls"));
            for (String file : List.of("ca.pem", "ca-key.pem")) {
                Files.copy(from.resolve("tls").resolve(file), tls.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
