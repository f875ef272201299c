package dev.mcp.ambassador.bench.report;

import dev.mcp.ambassador.bench.load.Comparison;
import dev.mcp.ambassador.bench.load.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The results of one benchmark run as Markdown: the tables docs/performance.md quotes. Sections
 * appear in the order they were added; a section nobody added is left out.
 */
public final class Report {

    private final StringBuilder header = new StringBuilder();
    private final List<String> startup = new ArrayList<>();
    private final List<String> memory = new ArrayList<>();
    private final List<List<Comparison.Row>> comparisons = new ArrayList<>();
    private final List<String> jmh = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final java.util.Map<Goal, Double> goals = new java.util.EnumMap<>(Goal.class);
    private String profile;

    public void header(String line) {
        header.append("- ").append(line).append('\n');
    }

    public void startup(String what, Duration startToReady) {
        startup.add(String.format("| %s | %.2f s |", what, startToReady.toMillis() / 1000.0));
    }

    public void memory(String what, long liveHeapBytes, long residentBytes) {
        memory.add(String.format("| %s | %s | %s |", what, mib(liveHeapBytes), mib(residentBytes)));
    }

    /** A per-item figure, e.g. heap per idle MCP session. */
    public void memoryPerItem(String what, double bytes) {
        memory.add(String.format("| %s | %.1f KiB | |", what, bytes / 1024));
    }

    public void comparison(List<Comparison.Row> rows) {
        comparisons.add(rows);
    }

    /** One JMH result: benchmark, score ± error, unit. */
    public void jmh(String benchmark, double score, double error, String unit) {
        jmh.add(
                Double.isNaN(error)
                        ? String.format("| %s | %.1f %s |", benchmark, score, unit)
                        : String.format("| %s | %.1f ± %.1f %s |", benchmark, score, error, unit));
    }

    /** The measured figure for one target. */
    public void goal(Goal goal, double value) {
        goals.put(goal, value);
    }

    public void note(String note) {
        notes.add(note);
    }

    public void profile(String text) {
        profile = text;
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("# MCP Ambassador benchmark results\n\n").append(header);
        if (!goals.isEmpty()) {
            out.append("\n## Targets\n\n| target | limit | measured | gap |\n|---|---|---|---|\n");
            for (Goal goal : Goal.values()) {
                out.append(goal.row(goals.get(goal))).append('\n');
            }
        }
        if (!startup.isEmpty()) {
            out.append("\n## Start to ready\n\n| server | start to ready |\n|---|---|\n");
            startup.forEach(line -> out.append(line).append('\n'));
        }
        if (!memory.isEmpty()) {
            out.append("\n## Memory\n\n| state | live heap after full GC | RSS |\n|---|---|---|\n");
            memory.forEach(line -> out.append(line).append('\n'));
        }
        if (!comparisons.isEmpty()) {
            out.append("\n## Load (latency in ms; calls/s as total and min–max over rounds)\n\n")
                    .append("| comparison | target | load | p50 | p90 | p99 | max | calls/s | min–max | errors |")
                    .append(" vs baseline |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
            comparisons.forEach(rows -> rows.forEach(row -> out.append(line(row, rows.getFirst()))));
        }
        if (!jmh.isEmpty()) {
            out.append("\n## Microbenchmarks (JMH, average time per operation)\n\n| benchmark | score |\n|---|---|\n");
            jmh.forEach(line -> out.append(line).append('\n'));
        }
        if (profile != null) {
            out.append("\n## Where the time goes (JFR, ambassador under load)\n\n```\n")
                    .append(profile.strip())
                    .append("\n```\n");
        }
        if (!notes.isEmpty()) {
            out.append("\n## Notes\n\n");
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }

    private static String line(Comparison.Row row, Comparison.Row baseline) {
        Stats s = row.stats();
        String versus = "";
        if (!row.baseline() && baseline.stats().throughput() > 0 && s.calls() > 0) {
            Stats b = baseline.stats();
            versus = String.format(
                    "%.0f %% of calls/s; p50 %+.2f, p99 %+.2f ms",
                    100 * s.throughput() / b.throughput(), s.millis(50) - b.millis(50), s.millis(99) - b.millis(99));
        } else if (row.baseline()) {
            versus = "baseline";
        }
        String errors = s.errors() + (s.shed() > 0 ? " (+" + s.shed() + " shed)" : "");
        return String.format(
                "| %s | %s | %s | %s | %s | %s | %s | %,.0f | %,.0f–%,.0f | %s | %s |%n",
                row.comparison(),
                row.target(),
                row.load(),
                millis(s.millis(50)),
                millis(s.millis(90)),
                millis(s.millis(99)),
                millis(s.maxMillis()),
                s.throughput(),
                s.minRunThroughput(),
                s.maxRunThroughput(),
                errors,
                versus);
    }

    private static String millis(double value) {
        return Double.isNaN(value) ? "—" : String.format("%.2f", value);
    }

    private static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / 1024.0 / 1024.0);
    }
}
