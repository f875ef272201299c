package dev.mcp.ambassador.ratelimit;

import dev.mcp.ambassador.pipeline.DownstreamRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides which budgets a request takes from. Kept apart from who is counted ({@link Scope}) and
 * from where budgets live ({@link BucketStore}). In each scope the most specific limit wins: one
 * naming the request's target, else one made for every member of the scope, else the configured
 * default; a scope with none of these does not limit the request.
 */
@Component
class RateLimitPolicy {

    private final RateLimits limits;
    private final RateLimitProperties properties;

    RateLimitPolicy(RateLimits limits, RateLimitProperties properties) {
        this.limits = limits;
        this.properties = properties;
    }

    /** The budgets {@code request} takes one token from, in scope order. */
    List<Budget> budgetsFor(DownstreamRequest request) {
        List<RateLimit> stored = limits.applyingTo(request);
        List<Budget> budgets = new ArrayList<>();
        for (Scope scope : Scope.values()) {
            Optional<String> target = scope.targetOf(request);
            Optional<String> counted = scope.counted(request);
            if (target.isEmpty() || counted.isEmpty()) {
                continue;
            }
            Optional<RateLimit> specific = stored.stream()
                    .filter(limit -> limit.scope() == scope && target.get().equals(limit.target()))
                    .findFirst();
            Optional<RateLimit> forEach = stored.stream()
                    .filter(limit -> limit.scope() == scope && limit.target() == null)
                    .findFirst();
            Optional<RateLimit> chosen = specific.or(() -> forEach);
            if (chosen.isPresent()) {
                budgets.add(new Budget(
                        scope,
                        counted.get(),
                        chosen.get().capacity(),
                        chosen.get().refillPerMinute(),
                        scope.describe(request)));
            } else {
                RateLimitProperties.Limit configured = Objects.requireNonNull(properties.defaultOf(scope));
                if (configured.enabled()) {
                    budgets.add(new Budget(
                            scope,
                            counted.get(),
                            configured.capacity(),
                            configured.refillPerMinute(),
                            scope.describe(request)));
                }
            }
        }
        return budgets;
    }
}
