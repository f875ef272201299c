package dev.mcp.ambassador.storage;

import dev.mcp.ambassador.config.DataDirectory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the binaries bundled with the application, its cluster kept in the
 * data directory. It listens on loopback only, on a free port chosen at each start, and every
 * connection, over TCP or the Unix socket, must authenticate with SCRAM using a random password
 * kept beside the cluster at mode 0600: other local users cannot connect.
 *
 * <p>The binaries are extracted into the data directory too, never into the library's default
 * {@code <tmpdir>/embedded-pg}: that directory is shared by every user of the machine, so whoever
 * creates it first could plant the {@code postgres} the server then runs, or directories the
 * library would stop and delete as stale. The library runs no shutdown hook of its own: the
 * database stops when the application context closes, after everything that uses it.
 */
final class EmbeddedDatabase implements AutoCloseable {

    static final String USER = "postgres";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Starts the cluster in {@code clusterDirectory}, creating it on first use.
     *
     * @param passwordFile where the superuser password is kept; created with the cluster
     */
    static EmbeddedDatabase start(
            Path clusterDirectory, Path binariesDirectory, Path passwordFile, DataDirectory dataDirectory) {
        try {
            String password = password(passwordFile, dataDirectory);
            EmbeddedPostgres postgres = BundledBinaries.builder(binariesDirectory)
                    .setDataDirectory(clusterDirectory)
                    .setCleanDataDirectory(false)
                    // initdb options: only used when the cluster is first created.
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setConnectConfig("password", password)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false)
                    .start();
            BundledBinaries.keepPrivate(binariesDirectory);
            log.info(
                    "Embedded PostgreSQL started on 127.0.0.1:{} with its data in {}",
                    postgres.getPort(),
                    clusterDirectory);
            return new EmbeddedDatabase(postgres, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + clusterDirectory, e);
        }
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl(USER, "postgres");
    }

    String password() {
        return password;
    }

    private static String password(Path file, DataDirectory dataDirectory) throws IOException {
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String generated = HexFormat.of().formatHex(random);
            dataDirectory.writePrivateFile(file, generated.getBytes(StandardCharsets.US_ASCII));
        }
        dataDirectory.ensurePrivateFile(file);
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            log.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
