package dev.mcp.ambassador.bench;

import dev.mcp.ambassador.bench.echo.EchoServer;
import dev.mcp.ambassador.bench.report.Machine;
import dev.mcp.ambassador.bench.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The benchmark's one entry point: {@code java -jar ambassador-bench.jar [suites] [options]} runs
 * the measurements and prints the results as Markdown tables (also written to the output
 * directory); {@code echo stdio|http} runs the fast echo MCP server instead.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && args[0].equals("echo")) {
            EchoServer.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(Options.USAGE);
            return;
        }
        Installation installation = Installation.locate();
        Options options =
                Options.parse(args, installation.repository().resolve("ambassador-bench/target/bench-results"));
        Instant started = Instant.now();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(started);
        Path runDir = Files.createDirectories(options.out().toAbsolutePath().resolve("run-" + stamp));
        Report report = new Report();
        report.header("Date: "
                + DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        report.header("Machine: " + Machine.describe());
        String loadAtStart = Machine.loadAverage();
        report.header("Load average before the run (1/5/15 min): " + loadAtStart);
        if (Machine.busy(loadAtStart)) {
            report.header("**The machine was busy before the run started** (load average above the number of cores):"
                    + " other work competed for the CPU, so these figures are not comparable with a quiet run.");
        }
        report.header(String.format(
                "Method: warm-up %ss per target, then %d alternating rounds of %ss per target%s",
                options.warmup().toMillis() / 1000.0,
                options.rounds(),
                options.measure().toMillis() / 1000.0,
                options.quick() ? " (--quick: a smoke run, the figures mean nothing)" : ""));
        boolean server = options.suites().stream().anyMatch(s -> !s.equals("jmh"));
        if (server) {
            new ServerRun(installation, options, report, runDir)
                    .run(
                            options.suites().contains("startup"),
                            options.suites().contains("memory"),
                            options.suites().contains("load"),
                            options.suites().contains(ReplicaSuite.COMPARISON));
        }
        if (options.suites().contains("jmh")) {
            new JmhSuite(options, report).run();
        }
        report.header(
                "Load average after the run (1/5/15 min, the benchmark's own load included): " + Machine.loadAverage());
        String markdown = report.markdown();
        Path results = runDir.resolve("results.md");
        Files.writeString(results, markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.println("Written to " + results);
    }
}
