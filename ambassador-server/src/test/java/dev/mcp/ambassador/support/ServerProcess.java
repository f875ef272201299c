package dev.mcp.ambassador.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The real server in a JVM of its own, started the way an operator starts it (the main class, with
 * command-line properties) and stopped the way an operator stops it: SIGTERM, or SIGKILL. Its log
 * goes to {@code server.log} beside its data directory.
 */
public final class ServerProcess implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Duration START_LIMIT = Duration.ofSeconds(180);

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path dataDir, Path log, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts two servers at once on {@code shared} settings, as replicas rolled out together would
     * start: each migrates the shared database or waits for the other's migration, and one of them
     * creates the administrator. If either fails, the other is stopped.
     */
    public static List<ServerProcess> startTogether(Map<String, String> shared) throws InterruptedException {
        List<ServerProcess> started = new ArrayList<>();
        AssertionError failure = null;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ServerProcess>> starting =
                    List.of(threads.submit(() -> start(shared)), threads.submit(() -> start(shared)));
            for (Future<ServerProcess> server : starting) {
                try {
                    started.add(server.get());
                } catch (ExecutionException e) {
                    failure = failure == null ? new AssertionError("A server did not start", e.getCause()) : failure;
                }
            }
        }
        if (failure != null) {
            for (ServerProcess server : started) {
                server.close();
            }
            throw failure;
        }
        return started;
    }

    /** 32 random bytes in Base64: a session secret, master key or key-hash secret that servers share. */
    public static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Starts a server on a fresh data directory with the test settings plus {@code extra}. */
    public static ServerProcess start(Map<String, String> extra) {
        return start(extra, Map.of());
    }

    /**
     * Starts a server on a fresh data directory with the test settings plus {@code extra}, and
     * {@code environment} added to the environment it inherits.
     */
    public static ServerProcess start(Map<String, String> extra, Map<String, String> environment) {
        return start(extra, environment, dataDir -> {});
    }

    /**
     * As {@link #start(Map, Map)}, with {@code prepare} given the fresh data directory before the
     * server starts: to put a CA there that another replica made, for instance.
     */
    public static ServerProcess start(
            Map<String, String> extra, Map<String, String> environment, Consumer<Path> prepare) {
        Path dataDir = TestServerSettings.newDataDirectory();
        prepare.accept(dataDir);
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.mcp.ambassador.AmbassadorApplication");
        Map<String, Object> properties = new java.util.LinkedHashMap<>(TestServerSettings.properties(dataDir));
        properties.put("server.port", port);
        properties.putAll(extra);
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            ServerProcess server = new ServerProcess(process, dataDir, log, port);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public TestHttp http() {
        return new TestHttp(port, dataDir);
    }

    /** The processes the server started that still run (the sandboxed downstream servers). */
    public List<ProcessHandle> liveChildren() {
        return process.toHandle().descendants().filter(ProcessHandle::isAlive).toList();
    }

    /** The embedded PostgreSQL's postmaster, while it runs. */
    public Optional<ProcessHandle> postmaster() {
        try {
            Path pidFile = dataDir.resolve("postgres/postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
            return ProcessHandle.of(pid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Sends SIGTERM, as an operator or a service manager stopping the server would. */
    public void terminate() {
        process.destroy();
    }

    /** Sends SIGKILL: the server gets no chance to tidy up. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for the server to exit, at most {@code limit}; true if it did. */
    public boolean awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** What the server logged so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        postmaster().ifPresent(ProcessHandle::destroy);
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("The server exited while starting:\n" + log());
            }
            if (Files.exists(dataDir.resolve("tls/ca.pem"))) {
                try {
                    if (http().send("GET", "/actuator/health", null).status() == 200) {
                        return;
                    }
                } catch (RuntimeException notYet) {
                    // Not listening yet.
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("The server did not start within " + START_LIMIT + ":\n" + log());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
