package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TaskRegistryTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final TaskRegistry tasks = new TaskRegistry(clock);
    private final UUID server = UUID.randomUUID();
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();

    @Test
    void findWhenAnotherUserAsksForTheIdThenUnknown() {
        TaskRegistry.Task task = tasks.register(alice, "s1", server, "notes", "process-1", "1", "echo");

        assertThat(tasks.find(task.clientId(), alice)).isPresent();
        assertThat(tasks.find(task.clientId(), bob)).isEmpty();
    }

    @Test
    void findDownstreamWhenARestartedProcessReusesAnIdThenOnlyItsOwnTaskMatches() {
        // Alice's task from the first process, Bob's from the restarted one: both are "1" downstream.
        tasks.register(alice, "s1", server, "notes", "process-1", "1", "echo");
        TaskRegistry.Task bobs = tasks.register(bob, "s2", server, "notes", "process-2", "1", "echo");

        assertThat(tasks.findDownstream("process-2", "1")).contains(bobs);
        assertThat(tasks.findDownstream("process-2", "1", alice)).isEmpty();
    }

    @Test
    void findDownstreamWhenTwoUsersShareAProcessThenEachFindsOnlyTheirOwn() {
        tasks.register(alice, "s1", server, "notes", "process-1", "a", "echo");
        TaskRegistry.Task bobs = tasks.register(bob, "s2", server, "notes", "process-1", "b", "echo");

        assertThat(tasks.findDownstream("process-1", "b", bob)).contains(bobs);
        assertThat(tasks.findDownstream("process-1", "b", alice)).isEmpty();
    }

    @Test
    void findWhenADayHasPassedThenForgotten() {
        TaskRegistry.Task task = tasks.register(alice, "s1", server, "notes", "process-1", "1", "echo");

        clock.advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(tasks.find(task.clientId(), alice)).isEmpty();
    }
}
