package dev.mcp.ambassador.ratelimit;

import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.PipelineStep;
import dev.mcp.ambassador.pipeline.RequestPipeline;
import dev.mcp.ambassador.pipeline.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Refuses a request when its user already has too many running, or when one of its budgets is
 * spent; the refusal says when trying again may succeed ({@code retry_after_seconds}). A request
 * takes one token from every budget that applies, or from none: when one budget is spent, the
 * tokens already taken are given back. A request that a later step refuses before it is forwarded
 * (the audit trail could not record it) gets its tokens back too.
 */
@Component
class RateLimitStep implements PipelineStep {

    private final RateLimitPolicy policy;
    private final BucketStore store;
    private final ConcurrentCalls concurrent;

    @Autowired
    RateLimitStep(RateLimitPolicy policy, BucketStore store, RateLimitProperties properties) {
        this(policy, store, new ConcurrentCalls(properties.maxConcurrentPerUser()));
    }

    RateLimitStep(RateLimitPolicy policy, BucketStore store, ConcurrentCalls concurrent) {
        this.policy = policy;
        this.store = store;
        this.concurrent = concurrent;
    }

    @Override
    public Stage stage() {
        return Stage.RATE_LIMIT;
    }

    @Override
    public Outcome handle(DownstreamRequest request, Chain chain) {
        if (!concurrent.tryBegin(request.userId())) {
            return new Outcome.Refused(
                    Stage.RATE_LIMIT,
                    RequestPipeline.REFUSED,
                    "You already have " + concurrent.max()
                            + " requests running, the most one user may have at once. Wait for one to finish,"
                            + " then try again.",
                    1L);
        }
        try {
            List<Budget> taken = new ArrayList<>();
            try {
                for (Budget budget : policy.budgetsFor(request)) {
                    OptionalLong wait = store.tryTake(budget);
                    if (wait.isPresent()) {
                        giveBack(taken);
                        return refusal(budget, BucketStore.seconds(wait.getAsLong()));
                    }
                    taken.add(budget);
                }
            } catch (RuntimeException e) {
                giveBack(taken);
                throw e;
            }
            Outcome outcome = chain.proceed(request);
            if (outcome instanceof Outcome.Refused refused && refused.stage() == Stage.AUDIT) {
                // Not forwarded, so not counted.
                giveBack(taken);
            }
            return outcome;
        } finally {
            concurrent.end(request.userId());
        }
    }

    private void giveBack(List<Budget> taken) {
        for (Budget budget : taken) {
            try {
                store.giveBack(budget);
            } catch (RuntimeException e) {
                // The token stays spent: the user waits a little longer, nobody gets more than allowed.
            }
        }
    }

    static Outcome.Refused refusal(Budget budget, long retryAfterSeconds) {
        return new Outcome.Refused(
                Stage.RATE_LIMIT,
                RequestPipeline.REFUSED,
                "The rate limit of " + budget.describe() + " is reached (" + budget.capacity() + " requests, "
                        + budget.refillPerMinute() + " more each minute). Try again in " + retryAfterSeconds
                        + " s.",
                retryAfterSeconds);
    }
}
