package dev.mcp.ambassador.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rate limiter's settings ({@code ambassador.rate-limit.*}, or {@code AMBASSADOR_RATE_LIMIT_*});
 * each is documented in {@code docs/configuration.md}. The default limits apply wherever no limit
 * made through the admin API does; all of them are off unless configured, so a fresh installation
 * throttles nobody but still caps how many calls one user runs at once.
 *
 * @param store where budgets are kept: {@code memory} (this replica only) or {@code postgresql}
 *     (shared by every replica on the same database)
 * @param maxConcurrentPerUser downstream requests one user may have running at once, across all
 *     their sessions on this replica
 * @param user the default budget of each user
 * @param key the default budget of each preshared key
 * @param server the default budget of each server, shared by all its users
 * @param tool the default budget of each tool, shared by all its users
 * @param userServer the default budget of each user on each server
 */
@ConfigurationProperties("ambassador.rate-limit")
public record RateLimitProperties(
        @DefaultValue("memory") Store store,
        @DefaultValue("256") int maxConcurrentPerUser,
        @DefaultValue Limit user,
        @DefaultValue Limit key,
        @DefaultValue Limit server,
        @DefaultValue Limit tool,
        @DefaultValue Limit userServer) {

    public RateLimitProperties {
        if (maxConcurrentPerUser < 1) {
            throw new IllegalArgumentException("ambassador.rate-limit.max-concurrent-per-user must be at least 1");
        }
    }

    /** Where budgets are kept. */
    public enum Store {
        MEMORY,
        POSTGRESQL
    }

    /**
     * A default budget: {@code capacity} requests at once, refilled by {@code refillPerMinute}
     * every minute. A capacity of 0 means no default limit in that scope.
     */
    public record Limit(@DefaultValue("0") long capacity, @DefaultValue("0") long refillPerMinute) {

        public Limit {
            if (capacity < 0 || refillPerMinute < 0) {
                throw new IllegalArgumentException("rate limit capacity and refill-per-minute must not be negative");
            }
            if (capacity > 0 && refillPerMinute == 0) {
                throw new IllegalArgumentException(
                        "a default rate limit with a capacity needs a refill-per-minute of at least 1");
            }
        }

        boolean enabled() {
            return capacity > 0;
        }
    }

    /** The configured default of {@code scope}. */
    Limit defaultOf(Scope scope) {
        return switch (scope) {
            case USER -> user;
            case KEY -> key;
            case SERVER -> server;
            case TOOL -> tool;
            case USER_SERVER -> userServer;
        };
    }
}
