package dev.mcp.ambassador.ratelimit;

import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.FeedCache;
import dev.mcp.ambassador.cluster.Topic;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The rate limits made through the admin API, in PostgreSQL. Requests read them from a {@link
 * FeedCache} that every change empties, on this replica once it commits and on the others when the
 * change feed tells them, so a change applies everywhere from the next request on. While the feed
 * cannot vouch for the cache, requests read the database; a read that fails throws, and the
 * pipeline refuses the request. Call the changing methods inside the transaction of the change.
 */
@Repository
class RateLimits {

    private static final String COLUMNS = "id, scope, target, capacity, refill_per_minute, created_by_name, created_at";

    private final JdbcClient jdbc;
    private final ChangeFeed feed;
    private final FeedCache<Boolean, List<RateLimit>> all;

    RateLimits(JdbcClient jdbc, ChangeFeed feed) {
        this.jdbc = jdbc;
        this.feed = feed;
        this.all = feed.cache("rate limits", 1, Topic.RATE_LIMITS);
    }

    /** Every limit that may apply to {@code request}: those naming its targets, and those naming none. */
    List<RateLimit> applyingTo(DownstreamRequest request) {
        List<RateLimit> applying = new ArrayList<>();
        for (RateLimit limit : all.get(Boolean.TRUE, every -> List.copyOf(list()))) {
            if (limit.target() == null
                    || limit.scope()
                            .targetOf(request)
                            .map(limit.target()::equals)
                            .orElse(false)) {
                applying.add(limit);
            }
        }
        return applying;
    }

    /**
     * Stores a new limit.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the scope and target already have one
     */
    RateLimit insert(Scope scope, String target, long capacity, long refillPerMinute, String createdBy) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into rate_limits (id, scope, target, capacity, refill_per_minute, created_by_name)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(id, scope.code(), target, capacity, refillPerMinute, createdBy)
                .update();
        feed.announce(Topic.RATE_LIMITS, id);
        return find(id).orElseThrow();
    }

    Optional<RateLimit> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from rate_limits where id = ?")
                .param(id)
                .query(RateLimits::map)
                .optional();
    }

    List<RateLimit> list() {
        return jdbc.sql("select " + COLUMNS + " from rate_limits order by scope, target nulls first, id")
                .query(RateLimits::map)
                .list();
    }

    /** Deletes limit {@code id}; false when there was none. */
    boolean delete(UUID id) {
        boolean deleted =
                jdbc.sql("delete from rate_limits where id = ?").param(id).update() == 1;
        if (deleted) {
            feed.announce(Topic.RATE_LIMITS, id);
        }
        return deleted;
    }

    private static RateLimit map(ResultSet rs, int row) throws SQLException {
        return new RateLimit(
                rs.getObject("id", UUID.class),
                Scope.parse(rs.getString("scope")).orElseThrow(),
                rs.getString("target"),
                rs.getLong("capacity"),
                rs.getLong("refill_per_minute"),
                rs.getString("created_by_name"),
                rs.getTimestamp("created_at").toInstant());
    }
}
