package dev.mcp.ambassador.bench;

import dev.mcp.ambassador.bench.load.McpClient;
import dev.mcp.ambassador.bench.report.Goal;
import dev.mcp.ambassador.bench.report.Report;
import dev.mcp.ambassador.bench.setup.AdminApi;
import dev.mcp.ambassador.bench.setup.AmbassadorProcess;
import dev.mcp.ambassador.bench.setup.Tls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One life of the ambassador, as users run it (what {@code ./start-server} runs: the unpacked jar,
 * its JVM options and class data sharing archive, embedded PostgreSQL in a fresh data directory): a
 * first boot, whose end writes the archive, then a second boot on the same data directory that serves
 * the memory and load measurements; then, if an external PostgreSQL is given, two boots against it;
 * then, for the replicas comparison, two more on one PostgreSQL of their own.
 */
final class ServerRun {

    /** Sessions per user for the idle-session figure; the ambassador keeps at most 50 per user. */
    private static final int SESSIONS_PER_USER = 40;

    private static final double MIB = 1024 * 1024;

    private final Installation installation;
    private final Options options;
    private final Report report;
    private final Path runDir;
    private final String adminPassword = "Bench-" + random() + "-x9";
    private Path unpackedJar;

    ServerRun(Installation installation, Options options, Report report, Path runDir) {
        this.installation = installation;
        this.options = options;
        this.report = report;
        this.runDir = runDir;
    }

    void run(boolean startup, boolean memory, boolean load, boolean replicas) {
        if (startup || memory || load) {
            alone(startup, memory, load);
        }
        if (replicas) {
            new ReplicaSuite(installation, options, report, runDir).run(this::start, adminPassword);
        }
    }

    private void alone(boolean startup, boolean memory, boolean load) {
        Path dataDir = runDir.resolve("embedded").resolve("data");
        if (startup) {
            try (AmbassadorProcess first = start(dataDir, Map.of())) {
                report.startup("embedded PostgreSQL, first boot (creates keys, CA, database)", first.startToReady());
            }
        }
        try (AmbassadorProcess server = start(dataDir, Map.of())) {
            if (startup) {
                report.startup("embedded PostgreSQL, after the first boot", server.startToReady());
                report.goal(Goal.START_EMBEDDED, seconds(server.startToReady()));
            }
            if (memory) {
                long resident = server.residentBytes();
                report.memory("idle, just started", server.liveHeapBytes(installation.jcmd()), resident);
                report.goal(Goal.RSS_IDLE, resident / MIB);
            }
            Fixture fixture = new Fixture(AdminApi.signIn(server, "admin", adminPassword));
            if (memory) {
                idleSessions(server, fixture);
            }
            if (load) {
                new LoadSuite(installation, options, report, runDir).run(server, fixture);
                if (memory) {
                    report.memory(
                            "after the load runs", server.liveHeapBytes(installation.jcmd()), server.residentBytes());
                }
            }
        }
        if (startup) {
            externalDatabase();
        }
    }

    private void idleSessions(AmbassadorProcess server, Fixture fixture) {
        int count = options.idleSessions();
        System.out.println("Opening " + count + " idle MCP sessions …");
        List<String> tokens = new ArrayList<>();
        for (int opened = 0; opened < count; opened += SESSIONS_PER_USER) {
            tokens.add(fixture.newClient(List.of()));
        }
        long before = server.liveHeapBytes(installation.jcmd());
        HttpClient http = Tls.client(server.tls(), HttpClient.Version.HTTP_1_1);
        List<McpClient> sessions = Collections.synchronizedList(new ArrayList<>());
        Semaphore parallel = new Semaphore(8);
        try (ExecutorService opening = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String token = tokens.get(i / SESSIONS_PER_USER);
                pending.add(opening.submit(() -> {
                    parallel.acquireUninterruptibly();
                    try {
                        sessions.add(McpClient.open(http, server.mcp(), token));
                    } finally {
                        parallel.release();
                    }
                }));
            }
            for (Future<?> future : pending) {
                future.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not open " + count + " MCP sessions", e);
        }
        long with = server.liveHeapBytes(installation.jcmd());
        report.memory(count + " idle MCP sessions open", with, server.residentBytes());
        if (count == 1_000) {
            report.goal(Goal.HEAP_IDLE_SESSIONS, with / MIB);
        }
        report.memoryPerItem("heap per idle MCP session", (with - before) / (double) count);
        sessions.forEach(McpClient::close);
    }

    private void externalDatabase() {
        if (options.databaseUrl() == null) {
            report.note("Start-up with an external PostgreSQL was not measured: set AMBASSADOR_BENCH_DATABASE_URL"
                    + " (and _USERNAME, _PASSWORD) to an empty database, see docs/performance.md.");
            return;
        }
        Map<String, String> database = Map.of(
                "AMBASSADOR_DATABASE_URL", options.databaseUrl(),
                "AMBASSADOR_DATABASE_USERNAME", options.databaseUsername(),
                "AMBASSADOR_DATABASE_PASSWORD", options.databasePassword());
        Path dataDir = runDir.resolve("external").resolve("data");
        try (AmbassadorProcess first = start(dataDir, database)) {
            report.startup("external PostgreSQL, first boot (creates keys, CA, schema)", first.startToReady());
        }
        try (AmbassadorProcess second = start(dataDir, database)) {
            report.startup("external PostgreSQL, after the first boot", second.startToReady());
            report.goal(Goal.START_EXTERNAL, seconds(second.startToReady()));
        }
    }

    private AmbassadorProcess start(Path dataDir, Map<String, String> extra) {
        return start(dataDir, extra, runDir.resolve("ambassador.log"));
    }

    private AmbassadorProcess start(Path dataDir, Map<String, String> extra, Path log) {
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("AMBASSADOR_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        // The downstreams run on this machine, on loopback.
        environment.put("AMBASSADOR_DOWNSTREAM_ALLOWED_ADDRESSES", "127.0.0.1/32");
        // The stdio downstreams: the echo server on this JDK, server-everything on Node.js.
        environment.put("AMBASSADOR_ALLOWED_COMMANDS", installation.java() + "," + installation.node());
        System.out.println("Starting the ambassador in " + dataDir + " …");
        AmbassadorProcess server = AmbassadorProcess.start(
                installation.java(), unpackedJar(), startServerOptions(dataDir), dataDir, environment, log);
        System.out.printf("Ready after %.2f s%n", server.startToReady().toMillis() / 1000.0);
        return server;
    }

    /**
     * The JVM options {@code ./start-server} gives; keep the two the same, so that the figures are
     * what users get. {@code AMBASSADOR_JAVA_OPTS} is not read here: the bench measures the defaults.
     */
    private static List<String> startServerOptions(Path dataDir) {
        Path archives = dataDir.resolve("cds");
        try {
            Files.createDirectories(
                    archives, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(
                "-Xms32m",
                "-Xmx512m",
                "-XX:SharedArchiveFile=" + archives.resolve("ambassador-server.jsa"),
                "-XX:+AutoCreateSharedArchive",
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off");
    }

    /** The server jar unpacked as {@code ./start-server} does, once per run. */
    private Path unpackedJar() {
        if (unpackedJar == null) {
            Path destination = runDir.resolve("server");
            List<String> command = List.of(
                    installation.java().toString(),
                    "-Djarmode=tools",
                    "-jar",
                    installation.serverJar().toString(),
                    "extract",
                    "--destination",
                    destination.toString());
            try {
                Process extract = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!extract.waitFor(5, TimeUnit.MINUTES) || extract.exitValue() != 0) {
                    throw new IllegalStateException("Could not unpack " + installation.serverJar());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            unpackedJar = destination.resolve(installation.serverJar().getFileName());
        }
        return unpackedJar;
    }

    private static double seconds(java.time.Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String random() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
