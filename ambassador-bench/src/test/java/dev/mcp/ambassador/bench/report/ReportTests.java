package dev.mcp.ambassador.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.bench.load.Comparison;
import dev.mcp.ambassador.bench.load.Stats;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportTests {

    @Test
    void markdownWhenComparisonThenRatiosAgainstTheBaselineOfTheSameRun() {
        Report report = new Report();
        report.comparison(List.of(
                new Comparison.Row("echo", "direct", "c=32", stats(1_000, 1_000, 0), true),
                new Comparison.Row("echo", "via", "c=32", stats(3_000, 500, 0), false)));

        String markdown = report.markdown();

        assertThat(markdown).contains("| echo | direct | c=32 | 1.00 | 1.00 | 1.00 | 1.00 | 1,000 |");
        assertThat(markdown).contains("| baseline |");
        assertThat(markdown).contains("50 % of calls/s; p50 +2.00, p99 +2.00 ms");
    }

    @Test
    void markdownWhenEveryCallFailedThenDashesAndNoRatio() {
        Report report = new Report();
        report.comparison(List.of(
                new Comparison.Row("echo", "direct", "c=1", stats(100, 10, 0), true),
                new Comparison.Row("echo", "via", "c=1", stats(0, 0, 7), false)));

        String markdown = report.markdown();

        assertThat(markdown).contains("| echo | via | c=1 | — | — | — | — | 0 | 0–0 | 7 |  |");
        assertThat(markdown).doesNotContain("NaN");
    }

    @Test
    void markdownWhenSectionsMissingThenLeftOut() {
        Report report = new Report();
        report.startup("embedded", java.time.Duration.ofMillis(4_250));

        assertThat(report.markdown()).contains("| embedded | 4.25 s |").doesNotContain("## Memory", "## Load");
    }

    @Test
    void markdownWhenGoalsMeasuredThenEachWithItsGapAndTheRestNotMeasured() {
        Report report = new Report();
        report.goal(Goal.ADDED_P50, 0.25);
        report.goal(Goal.CALLS_ECHO_HTTP, 2_150);
        report.goal(Goal.START_EMBEDDED, 11.5);

        String markdown = report.markdown();

        assertThat(markdown).contains("| ≤ 0.50 ms | 0.25 ms | met |");
        assertThat(markdown).contains("| ≥ 5,000 calls/s | 2,150 calls/s | missed by 2,850 calls/s |");
        assertThat(markdown).contains("| ≤ 5.00 s | 11.50 s | missed by 6.50 s |");
        assertThat(markdown).contains("vault decryption (JMH) | ≤ 10.00 µs | not measured |");
    }

    /** {@code calls} calls of exactly {@code micros} each over one second, and {@code errors} failures. */
    private static Stats stats(long micros, long calls, long errors) {
        Histogram histogram = new Histogram(Stats.HIGHEST_MICROS, 3);
        if (calls > 0) {
            histogram.recordValueWithCount(micros, calls);
        }
        Stats stats = new Stats();
        stats.add(histogram, calls, errors, 0, 1.0, errors > 0 ? "boom" : null);
        return stats;
    }
}
