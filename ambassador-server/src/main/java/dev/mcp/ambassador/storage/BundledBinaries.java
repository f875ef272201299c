package dev.mcp.ambassador.storage;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The bundled PostgreSQL binaries, extracted below a directory of the server's own instead of the
 * world-writable {@code <tmpdir>/embedded-pg}.
 *
 * <p>The library takes two directories from the system property {@code ot.epg.working-dir}, else
 * {@code <tmpdir>/embedded-pg}: where it extracts the binaries, which its builder lets us override,
 * and a parent directory it creates and scans for stale clusters to stop and delete, which it reads
 * once when the builder is made. Both are pointed at {@code directory}: the property is set only
 * while the builder is made, and restored at once. The library also caches extracted binaries per
 * resolver for the life of the JVM, so each directory gets a resolver of its own: binaries found
 * in another directory are never reused.
 */
record BundledBinaries(Path directory) implements PgBinaryResolver {

    private static final String WORKING_DIRECTORY_PROPERTY = "ot.epg.working-dir";
    private static final Object PROPERTY_LOCK = new Object();

    /** A builder that extracts its binaries into {@code directory} and looks nowhere else. */
    static EmbeddedPostgres.Builder builder(Path directory) {
        synchronized (PROPERTY_LOCK) {
            String previous = System.getProperty(WORKING_DIRECTORY_PROPERTY);
            System.setProperty(WORKING_DIRECTORY_PROPERTY, directory.toString());
            try {
                return EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(directory.toFile())
                        .setPgBinaryResolver(new BundledBinaries(directory));
            } finally {
                if (previous == null) {
                    System.clearProperty(WORKING_DIRECTORY_PROPERTY);
                } else {
                    System.setProperty(WORKING_DIRECTORY_PROPERTY, previous);
                }
            }
        }
    }

    /** Takes back the write access for everyone that the library grants on its directory. */
    static void keepPrivate(Path directory) throws IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
    }
}
