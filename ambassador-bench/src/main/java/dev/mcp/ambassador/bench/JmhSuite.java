package dev.mcp.ambassador.bench;

import dev.mcp.ambassador.bench.report.Goal;
import dev.mcp.ambassador.bench.report.Report;
import java.util.Collection;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The JMH benchmarks of the hot pieces in {@code dev.mcp.ambassador.bench.micro}, one fork each. */
final class JmhSuite {

    private final Options options;
    private final Report report;

    JmhSuite(Options options, Report report) {
        this.options = options;
        this.report = report;
    }

    void run() {
        TimeValue iteration = options.quick() ? TimeValue.milliseconds(500) : TimeValue.seconds(2);
        OptionsBuilder jmh = new OptionsBuilder();
        jmh.include("dev\\.mcp\\.ambassador\\.bench\\.micro\\..*")
                .forks(1)
                .warmupIterations(options.quick() ? 1 : 3)
                .warmupTime(iteration)
                .measurementIterations(options.quick() ? 2 : 5)
                .measurementTime(iteration)
                .shouldFailOnError(true);
        Collection<RunResult> results;
        try {
            results = new Runner(jmh.build()).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH failed", e);
        }
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            Result<?> primary = result.getPrimaryResult();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            report.jmh(shortName, primary.getScore(), primary.getScoreError(), primary.getScoreUnit());
            // Every benchmark reports nanoseconds per operation; the targets are in microseconds.
            switch (shortName) {
                case "SessionTokenBenchmark.verifyToken" -> report.goal(Goal.TOKEN_VERIFY, primary.getScore() / 1000);
                case "RbacDecisionBenchmark.decide" -> report.goal(Goal.RBAC_DECISION, primary.getScore() / 1000);
                case "VaultBenchmark.decrypt" -> report.goal(Goal.VAULT_DECRYPT, primary.getScore() / 1000);
                default -> {}
            }
        }
    }
}
