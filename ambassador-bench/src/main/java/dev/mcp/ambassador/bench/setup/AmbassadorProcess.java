package dev.mcp.ambassador.bench.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The ambassador as users run it: {@code java -jar ambassador-server.jar} in its own process, with a
 * data directory, a port and environment variables. Start-to-ready is the time from starting the
 * process until {@code /actuator/health} answers {@code UP} over TLS. Memory is read from outside:
 * resident set size from {@code /proc}, live heap with {@code jcmd} after a full collection.
 */
public final class AmbassadorProcess implements AutoCloseable {

    /** Far beyond any healthy start; only a machine starved of CPU comes near it. */
    private static final Duration READY_WITHIN = Duration.ofMinutes(10);

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Process process;
    private final Path dataDir;
    private final int port;
    private final Duration startToReady;
    private final SSLContext tls;

    private AmbassadorProcess(Process process, Path dataDir, int port, Duration startToReady, SSLContext tls) {
        this.process = process;
        this.dataDir = dataDir;
        this.port = port;
        this.startToReady = startToReady;
        this.tls = tls;
    }

    /**
     * Starts the server and waits until it is ready.
     *
     * @param java the {@code java} executable
     * @param jvmOptions options before {@code -jar}
     * @param environment the {@code AMBASSADOR_*} settings; the data directory and port are added
     * @param log where the server's output goes
     */
    public static AmbassadorProcess start(
            Path java, Path jar, List<String> jvmOptions, Path dataDir, Map<String, String> environment, Path log) {
        int port = ChildProcess.freePort();
        try {
            Files.createDirectories(dataDir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dataDir.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("AMBASSADOR_DATA_DIR", dataDir.toString());
        builder.environment().put("AMBASSADOR_PORT", Integer.toString(port));
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SSLContext tls = awaitReady(process, dataDir, port, log);
        Duration ready = Duration.ofNanos(System.nanoTime() - started);
        return new AmbassadorProcess(process, dataDir, port, ready, tls);
    }

    private static SSLContext awaitReady(Process process, Path dataDir, int port, Path log) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        Path ca = dataDir.resolve("tls").resolve("ca.pem");
        SSLContext tls = null;
        HttpClient client = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "The ambassador exited with " + process.exitValue() + " while starting; see " + log);
            }
            if (tls == null && Files.isRegularFile(ca)) {
                tls = Tls.trusting(ca);
                client = Tls.client(tls, HttpClient.Version.HTTP_1_1);
            }
            if (client != null && healthy(client, port)) {
                return tls;
            }
            Waits.pause(Duration.ofMillis(20));
        }
        stop(process);
        throw new IllegalStateException("The ambassador was not ready within " + READY_WITHIN + "; see " + log);
    }

    private static boolean healthy(HttpClient client, int port) {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** From starting the process until the health endpoint answered UP. */
    public Duration startToReady() {
        return startToReady;
    }

    public URI base() {
        return URI.create("https://localhost:" + port);
    }

    public URI mcp() {
        return base().resolve("/mcp");
    }

    public SSLContext tls() {
        return tls;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The server process's resident set size, in bytes. */
    public long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("No VmRSS for process " + process.pid());
    }

    /** The heap in use right after a full collection (what is live), in bytes, from {@code jcmd}. */
    public long liveHeapBytes(Path jcmd) {
        jcmd(jcmd, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(jcmd, "GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info printed no heap use");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** Runs a {@code jcmd} diagnostic command (e.g. {@code JFR.start}) against the server. */
    public String jcmd(Path jcmd, String... command) {
        List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(process.pid())));
        line.addAll(List.of(command));
        try {
            Process run = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(run.getInputStream().readAllBytes());
            if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the server the way an operator would (SIGTERM), forcibly after two minutes. */
    @Override
    public void close() {
        stop(process);
    }

    /** SIGTERM first, so the server stops its embedded PostgreSQL and its children itself. */
    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
