package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartBackoffTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final RestartBackoff<String> backoff =
            new RestartBackoff<>(clock, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(60));

    @Test
    void failedWhenFirstThenRestartsAtOnceAndWhenRepeatedThenWaitsDoubleUpToTheMaximum() {
        backoff.started("s");
        assertThat(backoff.failed("s")).isZero();
        assertThat(backoff.waitFor("s")).isEmpty();
        backoff.started("s");
        assertThat(backoff.failed("s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.waitFor("s")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(backoff.waitFor("s")).isEmpty();
        backoff.started("s");
        assertThat(backoff.failed("s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.failed("s")).as("a start that failed counts too").isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.failed("s")).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.failed("s")).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.waitFor("other")).isEmpty();
    }

    @Test
    void failedWhenTheProcessRanLongEnoughOrWasStoppedOnPurposeThenTheCountStartsAfresh() {
        backoff.started("s");
        backoff.failed("s");
        backoff.started("s");
        assertThat(backoff.failed("s")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        backoff.started("s");
        clock.advance(Duration.ofSeconds(60));
        assertThat(backoff.failed("s")).isZero();

        backoff.started("s");
        assertThat(backoff.failed("s")).isEqualTo(Duration.ofSeconds(1));
        backoff.forget("s");
        assertThat(backoff.waitFor("s")).isEmpty();
        assertThat(backoff.failed("s")).isZero();
    }

    @Test
    void forgetWhereWhenKeysMatchThenOnlyTheirWaitsAreCleared() {
        backoff.failed("server-a/alice");
        backoff.failed("server-a/alice");
        backoff.failed("server-b/alice");
        backoff.failed("server-b/alice");

        backoff.forgetWhere(key -> key.startsWith("server-a/"));

        assertThat(backoff.waitFor("server-a/alice")).isEmpty();
        assertThat(backoff.waitFor("server-b/alice")).contains(Duration.ofSeconds(1));
    }
}
