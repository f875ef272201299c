package dev.mcp.ambassador.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.RequestKind;
import dev.mcp.ambassador.pipeline.Subject;
import dev.mcp.ambassador.support.TestCatalog;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import tools.jackson.databind.node.JsonNodeFactory;

class RateLimitPolicyTests {

    private static final RateLimitProperties.Limit OFF = new RateLimitProperties.Limit(0, 0);

    private final UUID user = UUID.randomUUID();
    private final UUID key = UUID.randomUUID();

    @Test
    void budgetsForWhenALimitNamesTheTargetThenItWinsOverTheLimitForEveryMemberAndTheDefault() {
        RateLimitPolicy policy = policy(
                defaults(new RateLimitProperties.Limit(1000, 1000)),
                limit(Scope.USER, null, 50),
                limit(Scope.USER, user.toString(), 5));

        assertThat(policy.budgetsFor(call(Subject.tool("echo"))))
                .singleElement()
                .satisfies(budget -> {
                    assertThat(budget.scope()).isEqualTo(Scope.USER);
                    assertThat(budget.capacity()).isEqualTo(5);
                    assertThat(budget.counted()).isEqualTo(user.toString());
                });
    }

    @Test
    void budgetsForWhenOnlyALimitForEveryMemberExistsThenItWinsOverTheDefault() {
        RateLimitPolicy policy = policy(
                defaults(new RateLimitProperties.Limit(1000, 1000)),
                limit(Scope.USER, null, 50),
                limit(Scope.USER, UUID.randomUUID().toString(), 5));

        assertThat(policy.budgetsFor(call(Subject.tool("echo"))))
                .singleElement()
                .satisfies(budget -> assertThat(budget.capacity()).isEqualTo(50));
    }

    @Test
    void budgetsForWhenNoLimitIsMadeThenTheEnabledDefaultsApplyAndTheOthersDoNot() {
        RateLimitPolicy policy = policy(defaults(new RateLimitProperties.Limit(1000, 1000)));

        assertThat(policy.budgetsFor(call(Subject.tool("echo"))))
                .singleElement()
                .satisfies(budget -> assertThat(budget.capacity()).isEqualTo(1000));
        assertThat(policy(defaults(OFF)).budgetsFor(call(Subject.tool("echo")))).isEmpty();
    }

    @Test
    void budgetsForWhenTheRequestIsNoToolCallThenToolLimitsDoNotCountItButServerLimitsDo() {
        RateLimitPolicy policy =
                policy(defaults(OFF), limit(Scope.TOOL, null, 1), limit(Scope.USER_SERVER, "everything", 7));

        List<Budget> budgets = policy.budgetsFor(call(Subject.prompt("simple-prompt")));

        assertThat(budgets).singleElement().satisfies(budget -> {
            assertThat(budget.scope()).isEqualTo(Scope.USER_SERVER);
            assertThat(budget.counted()).isEqualTo(user + "@everything");
            assertThat(budget.describe()).contains("everything");
        });
        assertThat(policy.budgetsFor(call(Subject.tool("echo"))))
                .extracting(Budget::scope)
                .containsExactly(Scope.TOOL, Scope.USER_SERVER);
    }

    @Test
    void budgetsForWhenTheRequestHasNoKeyThenTheKeyScopeStillCountsIt() {
        RateLimitPolicy policy = policy(defaults(OFF), limit(Scope.KEY, null, 3));
        DownstreamRequest keyless = new DownstreamRequest(
                RequestKind.TOOLS_CALL,
                user,
                UUID.randomUUID(),
                null,
                DownstreamRequest.Origin.UNKNOWN,
                "everything",
                TestCatalog.sharedStdioServer("everything"),
                Subject.tool("echo"),
                JsonNodeFactory.instance.objectNode(),
                null);

        assertThat(policy.budgetsFor(keyless)).singleElement().satisfies(budget -> assertThat(budget.counted())
                .isEqualTo("null"));
    }

    private static RateLimitProperties defaults(RateLimitProperties.Limit user) {
        return new RateLimitProperties(RateLimitProperties.Store.MEMORY, 256, user, OFF, OFF, OFF, OFF);
    }

    private static RateLimit limit(Scope scope, String target, long capacity) {
        return new RateLimit(UUID.randomUUID(), scope, target, capacity, 10, "admin", Instant.EPOCH);
    }

    private static RateLimitPolicy policy(RateLimitProperties properties, RateLimit... stored) {
        // The stored limits are given; no database, and so no change feed to cache them behind.
        RateLimits limits = new RateLimits(null, Mockito.mock(ChangeFeed.class)) {
            @Override
            List<RateLimit> applyingTo(DownstreamRequest request) {
                return List.of(stored);
            }
        };
        return new RateLimitPolicy(limits, properties);
    }

    private DownstreamRequest call(Subject subject) {
        return new DownstreamRequest(
                subject.type() == Subject.Type.TOOL ? RequestKind.TOOLS_CALL : RequestKind.PROMPTS_GET,
                user,
                UUID.randomUUID(),
                key,
                DownstreamRequest.Origin.UNKNOWN,
                "everything",
                TestCatalog.sharedStdioServer("everything"),
                subject,
                JsonNodeFactory.instance.objectNode(),
                null);
    }
}
