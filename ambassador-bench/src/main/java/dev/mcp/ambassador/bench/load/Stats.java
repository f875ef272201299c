package dev.mcp.ambassador.bench.load;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one or more measured runs against one target produced: the latency histogram (in
 * microseconds), successful calls, failed calls and the measured time. Runs add up; the
 * throughput of each run is kept, so a summary can show the spread between rounds.
 */
public final class Stats {

    public static final long HIGHEST_MICROS = 120_000_000L;

    private final Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
    private final List<Double> runThroughputs = new ArrayList<>();
    private long calls;
    private long errors;
    private long shed;
    private double seconds;
    private String firstError;

    /** Adds one run. */
    public synchronized void add(Histogram run, long calls, long errors, long shed, double seconds, String firstError) {
        histogram.add(run);
        this.calls += calls;
        this.errors += errors;
        this.shed += shed;
        this.seconds += seconds;
        runThroughputs.add(calls / seconds);
        if (this.firstError == null) {
            this.firstError = firstError;
        }
    }

    public synchronized long calls() {
        return calls;
    }

    public synchronized long errors() {
        return errors;
    }

    /** Open loop only: calls never sent because too many were already waiting. */
    public synchronized long shed() {
        return shed;
    }

    public synchronized String firstError() {
        return firstError;
    }

    /** Successful calls per second over all runs. */
    public synchronized double throughput() {
        return seconds == 0 ? 0 : calls / seconds;
    }

    public synchronized double minRunThroughput() {
        return runThroughputs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    public synchronized double maxRunThroughput() {
        return runThroughputs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** The latency at {@code percentile} (0–100) in milliseconds. */
    public synchronized double millis(double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public synchronized double maxMillis() {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getMaxValue() / 1000.0;
    }
}
