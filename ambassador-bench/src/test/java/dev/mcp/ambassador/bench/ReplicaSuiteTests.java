package dev.mcp.ambassador.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.bench.load.Comparison;
import dev.mcp.ambassador.bench.load.Stats;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReplicaSuiteTests {

    @Test
    void sharedEnvironmentWhenMadeThenTheDatabaseAndFreshSecretsOfThirtyTwoBytes() {
        Map<String, String> first = ReplicaSuite.sharedEnvironment("jdbc:postgresql://127.0.0.1:5/db", "u", "p");
        Map<String, String> second = ReplicaSuite.sharedEnvironment("jdbc:postgresql://127.0.0.1:5/db", "u", "p");

        assertThat(first)
                .containsEntry("AMBASSADOR_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5/db")
                .containsEntry("AMBASSADOR_DATABASE_USERNAME", "u")
                .containsEntry("AMBASSADOR_DATABASE_PASSWORD", "p");
        for (String secret :
                List.of("AMBASSADOR_MASTER_KEY", "AMBASSADOR_SESSION_SECRET", "AMBASSADOR_KEY_HASH_SECRET")) {
            assertThat(Base64.getDecoder().decode(first.get(secret))).hasSize(32);
            assertThat(first.get(secret)).isNotEqualTo(second.get(secret));
        }
        assertThat(first.get("AMBASSADOR_MASTER_KEY")).isNotEqualTo(first.get("AMBASSADOR_SESSION_SECRET"));
    }

    @Test
    void ratioWhenBothRanThenTwoReplicasCallsPerSecondAsAMultipleOfOne() {
        String ratio = ReplicaSuite.ratio(List.of(
                new Comparison.Row("replicas", "one replica", "c=32", stats(1_000), true),
                new Comparison.Row("replicas", "two replicas", "c=32", stats(1_500), false)));

        assertThat(ratio).contains("1.50×").contains("1,500 against 1,000").contains("c=32");
    }

    @Test
    void ratioWhenTheSingleReplicaCompletedNothingThenNoRatio() {
        String ratio = ReplicaSuite.ratio(List.of(
                new Comparison.Row("replicas", "one replica", "c=32", stats(0), true),
                new Comparison.Row("replicas", "two replicas", "c=32", stats(1_500), false)));

        assertThat(ratio).contains("no ratio").doesNotContain("Infinity").doesNotContain("NaN");
    }

    @Test
    void optionsWhenAllThenTheReplicasComparisonIsPartOfIt() {
        assertThat(Options.parse(new String[] {"all"}, Path.of("out")).suites()).contains("replicas");
        assertThat(Options.parse(new String[] {"replicas", "--quick"}, Path.of("out"))
                        .suites())
                .containsExactly("replicas");
    }

    private static Stats stats(long calls) {
        Histogram histogram = new Histogram(Stats.HIGHEST_MICROS, 3);
        if (calls > 0) {
            histogram.recordValue(1_000);
        }
        Stats stats = new Stats();
        stats.add(histogram, calls, 0, 0, 1.0, null);
        return stats;
    }
}
