package dev.mcp.ambassador.killswitch;

import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.FeedCache;
import dev.mcp.ambassador.cluster.Topic;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The kill switches in PostgreSQL. Checks read the active switches from a {@link FeedCache}, which
 * setting or lifting a switch empties on this replica once the change commits and on every other
 * replica when the change feed tells it, so a switch set anywhere stops requests everywhere from
 * the next request on. While the feed cannot vouch for the cache, checks read the database; a
 * check that cannot read it throws, and the pipeline refuses the request. Setting and lifting are
 * announced on the change feed (call them inside the transaction of the change), so other replicas
 * stop their running calls too.
 */
@Repository
class KillSwitches {

    private static final String COLUMNS =
            "id, scope, target, reason, created_by_name, created_at, lifted_by_name, lifted_at";

    private final JdbcClient jdbc;
    private final ChangeFeed feed;
    private final FeedCache<Boolean, List<KillSwitch>> active;

    KillSwitches(JdbcClient jdbc, ChangeFeed feed) {
        this.jdbc = jdbc;
        this.feed = feed;
        this.active = feed.cache("active kill switches", 1, Topic.KILL_SWITCHES);
    }

    /** The oldest active switch that stops {@code request}, if any. */
    Optional<KillSwitch> stopping(DownstreamRequest request) {
        for (KillSwitch killSwitch : active.get(Boolean.TRUE, all -> activeOldestFirst())) {
            if (killSwitch.scope().stops(killSwitch.target(), request)) {
                return Optional.of(killSwitch);
            }
        }
        return Optional.empty();
    }

    private List<KillSwitch> activeOldestFirst() {
        return jdbc
                .sql("select " + COLUMNS + " from kill_switches where lifted_at is null order by created_at, id")
                .query(KillSwitches::map)
                .list()
                .stream()
                .toList();
    }

    KillSwitch insert(Scope scope, String target, String reason, String createdBy) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into kill_switches (id, scope, target, reason, created_by_name) values (?, ?, ?, ?, ?)")
                .params(id, scope.code(), target, reason, createdBy)
                .update();
        feed.announce(Topic.KILL_SWITCHES, id);
        return find(id).orElseThrow();
    }

    /** Lifts switch {@code id}; false when it was not active. */
    boolean lift(UUID id, String liftedBy, Instant at) {
        boolean lifted = jdbc.sql(
                                "update kill_switches set lifted_by_name = ?, lifted_at = ? where id = ? and lifted_at is null")
                        .params(liftedBy, Timestamp.from(at), id)
                        .update()
                == 1;
        if (lifted) {
            feed.announce(Topic.KILL_SWITCHES, id);
        }
        return lifted;
    }

    Optional<KillSwitch> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from kill_switches where id = ?")
                .param(id)
                .query(KillSwitches::map)
                .optional();
    }

    List<KillSwitch> list(Boolean active) {
        String where = active == null ? "" : active ? " where lifted_at is null" : " where lifted_at is not null";
        return jdbc.sql("select " + COLUMNS + " from kill_switches" + where + " order by created_at desc, id")
                .query(KillSwitches::map)
                .list();
    }

    private static KillSwitch map(ResultSet rs, int row) throws SQLException {
        Timestamp lifted = rs.getTimestamp("lifted_at");
        return new KillSwitch(
                rs.getObject("id", UUID.class),
                Scope.parse(rs.getString("scope")).orElseThrow(),
                rs.getString("target"),
                rs.getString("reason"),
                rs.getString("created_by_name"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("lifted_by_name"),
                lifted == null ? null : lifted.toInstant());
    }
}
