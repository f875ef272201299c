package dev.mcp.ambassador.ratelimit;

import java.time.Instant;
import java.util.UUID;

/**
 * One rate limit made through the admin API: {@code capacity} requests at once, refilled by
 * {@code refillPerMinute} each minute.
 *
 * @param target null: each member of the scope has this budget; otherwise a user or key id, a
 *     server slug, {@code <slug>/<tool>}, or for {@code user_server} a server slug
 */
record RateLimit(
        UUID id,
        Scope scope,
        String target,
        long capacity,
        long refillPerMinute,
        String createdBy,
        Instant createdAt) {}
