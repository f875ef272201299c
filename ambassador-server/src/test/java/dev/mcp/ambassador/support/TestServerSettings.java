package dev.mcp.ambassador.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Settings for a server under test: a fresh data directory below {@code target/}, a known admin
 * password, loopback allowed for remote downstream servers, and the database. The database is the server's own embedded PostgreSQL unless
 * {@code AMBASSADOR_TEST_DATABASE_URL} (with {@code _USERNAME}, {@code _PASSWORD}) names one.
 */
public final class TestServerSettings {

    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "Quiet-harbour-lanterns-drift-1987";

    /** The pinned test peers (npm packages), installed by the build. */
    public static final Path PEERS = Path.of("src/test/peers").toAbsolutePath();

    /** A directory shown to sandboxed test servers, holding {@code served.txt}. */
    public static final String SERVED_TEXT = "served to sandboxed servers";

    private TestServerSettings() {}

    /** {@code target/sandbox-served}, exposed read-only inside every test sandbox. */
    public static Path servedDirectory() {
        try {
            Path served = Path.of("target", "sandbox-served").toAbsolutePath();
            Files.createDirectories(served);
            Files.writeString(served.resolve("served.txt"), SERVED_TEXT);
            return served;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty data directory for one server. */
    public static Path newDataDirectory() {
        try {
            Path base = Path.of("target", "test-data").toAbsolutePath();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "ambassador-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The properties for a server keeping its state in {@code dataDir}, listening on a free port. */
    public static Map<String, Object> properties(Path dataDir) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ambassador.data-dir", dataDir.toString());
        properties.put("ambassador.bootstrap-admin.username", ADMIN_USERNAME);
        properties.put("ambassador.bootstrap-admin.password", ADMIN_PASSWORD);
        properties.put("server.port", "0");
        // Remote downstreams in the tests run on this machine; every other private address stays refused.
        // gone.invalid is allow-listed by name and never resolves.
        properties.put("ambassador.downstream.allowed-addresses", "127.0.0.1/32,::1/128,localhost,gone.invalid");
        // The test servers run with the system's node from the pinned peers below the working
        // directory, which the sandbox hides unless exposed; plus a directory the file server serves.
        properties.put("ambassador.sandbox.allowed-commands", "node");
        // One shared server runs every test class's downstream processes, which stay until it stops.
        properties.put("ambassador.sandbox.max-processes", "200");
        // As root, RLIMIT_NPROC counts every thread of the children's uid on the machine, across all
        // test servers at once (a node server has about 11); the default of 512 would refuse new
        // children long before max-processes does.
        properties.put("ambassador.sandbox.processes", "8192");
        properties.put("ambassador.sandbox.exposed-paths", PEERS + "," + servedDirectory());
        String url = System.getenv("AMBASSADOR_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            properties.put("ambassador.database.url", url);
            properties.put(
                    "ambassador.database.username",
                    System.getenv().getOrDefault("AMBASSADOR_TEST_DATABASE_USERNAME", ""));
            properties.put(
                    "ambassador.database.password",
                    System.getenv().getOrDefault("AMBASSADOR_TEST_DATABASE_PASSWORD", ""));
        }
        return properties;
    }

    public static void register(DynamicPropertyRegistry registry, Path dataDir) {
        properties(dataDir).forEach((name, value) -> registry.add(name, () -> value));
    }
}
