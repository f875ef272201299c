package dev.mcp.ambassador.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Targets measured under the same load in one run, alternating: round 1 runs them in order, round
 * 2 in reverse, and so on, so a drift of the machine (another process, a warming JIT, a filling
 * heap) spreads over all of them instead of favouring one. The first target is the baseline the
 * others are compared with.
 */
public final class Comparison {

    private final String name;
    private final List<Target> targets;
    private final Load load;

    public Comparison(String name, List<Target> targets, Load load) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one target");
        }
        this.name = name;
        this.targets = List.copyOf(targets);
        this.load = load;
    }

    /** One target's figures in a comparison. */
    public record Row(String comparison, String target, String load, Stats stats, boolean baseline) {}

    /**
     * Warms every target up once for {@code warmup}, then runs {@code rounds} alternating rounds
     * of {@code measure} each (with a one-second settle before each), reporting progress to
     * {@code progress}.
     */
    public List<Row> run(Duration warmup, Duration measure, int rounds, Consumer<String> progress) {
        Map<Target, Stats> stats = new LinkedHashMap<>();
        targets.forEach(target -> stats.put(target, new Stats()));
        for (Target target : targets) {
            progress.accept(name + ": warming up " + target.label() + " (" + load.label() + ")");
            LoadRunner.run(target, load, Duration.ZERO, warmup, new Stats());
        }
        Duration settle = warmup.compareTo(Duration.ofSeconds(1)) < 0 ? warmup : Duration.ofSeconds(1);
        for (int round = 0; round < rounds; round++) {
            List<Target> order = new ArrayList<>(targets);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Target target : order) {
                Stats into = stats.get(target);
                LoadRunner.run(target, load, settle, measure, into);
                progress.accept(String.format(
                        "%s: round %d/%d %-34s %s  %,9.0f calls/s  p50 %.3f ms  p99 %.3f ms%s",
                        name,
                        round + 1,
                        rounds,
                        target.label(),
                        load.label(),
                        into.throughput(),
                        into.millis(50),
                        into.millis(99),
                        into.errors() > 0 ? "  errors " + into.errors() : ""));
            }
        }
        List<Row> rows = new ArrayList<>();
        stats.forEach(
                (target, s) -> rows.add(new Row(name, target.label(), load.label(), s, target == targets.getFirst())));
        return rows;
    }
}
