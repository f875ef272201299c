package dev.mcp.ambassador.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.config.DataDirectory;
import dev.mcp.ambassador.support.TestProperties;
import dev.mcp.ambassador.support.TestServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL as the server configures it: its binaries are extracted into and run from
 * the data directory, and the library's shared default directory is never created or read.
 */
class EmbeddedDatabaseIntegrationTests {

    private static final String WORKING_DIRECTORY_PROPERTY = "ot.epg.working-dir";

    @Test
    void theBinariesRunFromThePrivateDataDirectoryAndTheSharedDefaultStaysUntouched() throws Exception {
        Path dataDir = TestServerSettings.newDataDirectory();
        // Where the library would put everything by default (normally <tmpdir>/embedded-pg).
        Path sharedDefault = dataDir.resolveSibling(dataDir.getFileName() + "-shared-default");
        String previous = System.getProperty(WORKING_DIRECTORY_PROPERTY);
        System.setProperty(WORKING_DIRECTORY_PROPERTY, sharedDefault.toString());
        try (EmbeddedDatabase database =
                new DatabaseConfiguration().embeddedDatabase(new DataDirectory(TestProperties.defaults(dataDir)))) {
            assertThat(sharedDefault).doesNotExist();

            Path binaries = dataDir.resolve("postgres-binaries");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries)))
                    .isEqualTo("rwx------");
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"))
                    .getFirst()
                    .trim());
            Path executable = Files.readSymbolicLink(Path.of("/proc", Long.toString(postmaster), "exe"));
            assertThat(executable).startsWith(binaries.toRealPath());

            try (Connection connection = DriverManager.getConnection(
                            database.jdbcUrl(), EmbeddedDatabase.USER, database.password());
                    ResultSet one = connection.createStatement().executeQuery("SELECT 1")) {
                assertThat(one.next()).isTrue();
            }
        } finally {
            if (previous == null) {
                System.clearProperty(WORKING_DIRECTORY_PROPERTY);
            } else {
                System.setProperty(WORKING_DIRECTORY_PROPERTY, previous);
            }
        }
        assertThat(sharedDefault).doesNotExist();
    }
}
