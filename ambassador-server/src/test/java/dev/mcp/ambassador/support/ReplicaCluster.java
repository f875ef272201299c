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

/**
 * Two replicas of one installation: server processes (A and B) on one embedded PostgreSQL, sharing
 * what docs/operations.md asks replicas to share (the database, the master key, the session secret
 * and the key-hash secret), each with a data directory of its own. Closing stops B, then A, then
 * the database.
 */
public final class ReplicaCluster implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final ServerProcess a;
    private final ServerProcess b;

    private ReplicaCluster(EmbeddedPostgres postgres, ServerProcess a, ServerProcess b) {
        this.postgres = postgres;
        this.a = a;
        this.b = b;
    }

    /**
     * Starts the database, then both replicas at once on the shared settings plus {@code extra}, as
     * replicas rolled out together start: racing each other to migrate and to create the administrator.
     */
    public static ReplicaCluster startTogether(Map<String, String> extra) throws IOException, InterruptedException {
        EmbeddedPostgres postgres = startDatabase();
        try {
            List<ServerProcess> servers = ServerProcess.startTogether(settings(postgres, extra));
            return new ReplicaCluster(postgres, servers.get(0), servers.get(1));
        } catch (RuntimeException | Error | InterruptedException e) {
            postgres.close();
            throw e;
        }
    }

    /**
     * Starts the database, then A, then B with A's CA put in its fresh data directory, so that each
     * trusts the other's certificate, as the operations guide asks of replicas that call each other.
     */
    public static ReplicaCluster startSharingCa(Map<String, String> extra) throws IOException {
        EmbeddedPostgres postgres = startDatabase();
        ServerProcess a = null;
        try {
            Map<String, String> settings = settings(postgres, extra);
            a = ServerProcess.start(settings);
            Path caHolder = a.dataDir();
            ServerProcess b = ServerProcess.start(settings, Map.of(), dataDir -> shareCa(caHolder, dataDir));
            return new ReplicaCluster(postgres, a, b);
        } catch (RuntimeException | Error e) {
            try {
                if (a != null) {
                    a.close();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } finally {
                postgres.close();
            }
            throw e;
        }
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

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            b.close();
            a.close();
        } finally {
            postgres.close();
        }
    }

    private static EmbeddedPostgres startDatabase() throws IOException {
        return EmbeddedPostgres.builder()
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
    }

    private static Map<String, String> settings(EmbeddedPostgres postgres, Map<String, String> extra) {
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
