package dev.mcp.ambassador.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.PipelineStep;
import dev.mcp.ambassador.pipeline.RequestKind;
import dev.mcp.ambassador.pipeline.Stage;
import dev.mcp.ambassador.pipeline.Subject;
import dev.mcp.ambassador.support.TestCatalog;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

class RateLimitStepTests {

    private static final PipelineStep.Chain FORWARDED =
            request -> new Outcome.Completed(JsonNodeFactory.instance.objectNode());

    private final UUID user = UUID.randomUUID();
    private final MemoryBucketStore store = new MemoryBucketStore();

    @Test
    void handleWhenBudgetIsSpentThenRefusesWithRetryAfterAndTheRateLimitStage() {
        RateLimitStep step = step(List.of(budget(Scope.USER, 2, 1)), 10);

        assertThat(step.handle(request(), FORWARDED)).isInstanceOf(Outcome.Completed.class);
        assertThat(step.handle(request(), FORWARDED)).isInstanceOf(Outcome.Completed.class);
        Outcome third = step.handle(request(), FORWARDED);

        assertThat(third).isInstanceOfSatisfying(Outcome.Refused.class, refused -> {
            assertThat(refused.refusedBy()).isEqualTo("rate_limit");
            assertThat(refused.retryAfterSeconds()).isBetween(1L, 60L);
            assertThat(refused.message()).contains("your account").contains("Try again in");
        });
    }

    @Test
    void handleWhenASecondBudgetIsSpentThenTheFirstGetsItsTokenBack() {
        Budget roomy = budget(Scope.USER, 5, 1);
        Budget spent = budget(Scope.SERVER, 1, 1);
        store.tryTake(spent);
        RateLimitStep step = step(List.of(roomy, spent), 10);

        assertThat(step.handle(request(), FORWARDED)).isInstanceOf(Outcome.Refused.class);

        for (int i = 0; i < 5; i++) {
            assertThat(store.tryTake(roomy))
                    .as("token %d of the roomy budget", i)
                    .isEmpty();
        }
        assertThat(store.tryTake(roomy)).isPresent();
    }

    @Test
    void handleWhenTheAuditStepRefusesThenTheTokenIsGivenBack() {
        Budget one = budget(Scope.USER, 1, 1);
        RateLimitStep step = step(List.of(one), 10);

        Outcome refused = step.handle(request(), request -> new Outcome.Refused(Stage.AUDIT, "cannot record"));

        assertThat(refused).isInstanceOf(Outcome.Refused.class);
        assertThat(step.handle(request(), FORWARDED)).isInstanceOf(Outcome.Completed.class);
    }

    @Test
    void handleWhenTheDownstreamAnsweredThenTheTokenStaysSpent() {
        RateLimitStep step = step(List.of(budget(Scope.USER, 1, 1)), 10);

        step.handle(request(), request -> new Outcome.Refused(Stage.FORWARD, "timed out"));

        assertThat(step.handle(request(), FORWARDED)).isInstanceOf(Outcome.Refused.class);
    }

    @Test
    void handleWhenTheUserHasTheMostRequestsRunningThenTheNextIsRefusedUntilOneEnds() throws Exception {
        ConcurrentCalls concurrent = new ConcurrentCalls(1);
        RateLimitStep step = new RateLimitStep(policy(List.of()), store, concurrent);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Outcome> first = new AtomicReference<>();
        Thread caller = Thread.ofVirtual()
                .start(() -> first.set(step.handle(request(), request -> {
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Outcome.Completed(JsonNodeFactory.instance.objectNode());
                })));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        Outcome second = step.handle(request(), FORWARDED);
        Outcome otherUser = step.handle(request(UUID.randomUUID()), FORWARDED);
        release.countDown();
        caller.join(10_000);

        assertThat(second).isInstanceOfSatisfying(Outcome.Refused.class, refused -> {
            assertThat(refused.refusedBy()).isEqualTo("rate_limit");
            assertThat(refused.retryAfterSeconds()).isEqualTo(1L);
        });
        assertThat(otherUser).isInstanceOf(Outcome.Completed.class);
        assertThat(first.get()).isInstanceOf(Outcome.Completed.class);
        assertThat(concurrent.running(user)).isZero();
        assertThat(step.handle(request(), FORWARDED)).isInstanceOf(Outcome.Completed.class);
    }

    @Test
    void handleWhenTheStoreFailsThenItThrowsSoThePipelineRefusesAndTheCallIsNotCounted() {
        BucketStore broken = new BucketStore() {
            @Override
            public OptionalLong tryTake(Budget budget) {
                throw new IllegalStateException("database down");
            }

            @Override
            public void giveBack(Budget budget) {}
        };
        ConcurrentCalls concurrent = new ConcurrentCalls(5);
        RateLimitStep step = new RateLimitStep(policy(List.of(budget(Scope.USER, 5, 5))), broken, concurrent);

        assertThatThrownBy(() -> step.handle(request(), FORWARDED)).isInstanceOf(IllegalStateException.class);
        assertThat(concurrent.running(user)).isZero();
    }

    @Test
    void budgetWhenTheLimitChangesThenItIsAnotherBucket() {
        assertThat(budget(Scope.USER, 2, 1).storeKey())
                .isNotEqualTo(budget(Scope.USER, 3, 1).storeKey());
        assertThat(BucketStore.seconds(1)).isEqualTo(1);
        assertThat(BucketStore.seconds(1_000_000_001L)).isEqualTo(2);
    }

    private Budget budget(Scope scope, long capacity, long refillPerMinute) {
        return new Budget(
                scope, user.toString(), capacity, refillPerMinute, scope == Scope.USER ? "your account" : "x");
    }

    private RateLimitStep step(List<Budget> budgets, int maxConcurrent) {
        return new RateLimitStep(policy(budgets), store, new ConcurrentCalls(maxConcurrent));
    }

    private static RateLimitPolicy policy(List<Budget> budgets) {
        return new RateLimitPolicy(null, null) {
            @Override
            List<Budget> budgetsFor(DownstreamRequest request) {
                return budgets;
            }
        };
    }

    private DownstreamRequest request() {
        return request(user);
    }

    private static DownstreamRequest request(UUID userId) {
        return new DownstreamRequest(
                RequestKind.TOOLS_CALL,
                userId,
                UUID.randomUUID(),
                UUID.randomUUID(),
                DownstreamRequest.Origin.UNKNOWN,
                "everything",
                TestCatalog.sharedStdioServer("everything"),
                Subject.tool("echo"),
                JsonNodeFactory.instance.objectNode(),
                null);
    }
}
