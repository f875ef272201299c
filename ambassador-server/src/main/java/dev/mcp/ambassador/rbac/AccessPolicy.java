package dev.mcp.ambassador.rbac;

import dev.mcp.ambassador.catalog.CatalogServer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides which tools a user may call. A tool is allowed when some grant to the user, or to a group
 * the user belongs to, allows it, and no such grant denies it: deny wins; no grant, no access.
 */
@Component
public class AccessPolicy {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AccessPolicy(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The ids of the servers that at least one grant gives {@code userId} some access to. */
    public Set<UUID> grantedServers(UUID userId) {
        return jdbc.sql("select distinct g.server_id from grants g where g.user_id = ?"
                        + " or g.group_id in (select group_id from group_members where user_id = ?)")
                .params(userId, userId)
                .query(UUID.class)
                .set();
    }

    /**
     * The rules for a caller on one server, to test many tools against at once: the user's grants,
     * narrowed by the scopes of the preshared key the caller registered with, if it has any.
     */
    public ToolRules rulesFor(UUID userId, UUID presharedKeyId, CatalogServer server) {
        ToolRules granted = rulesFor(userId, server.id());
        String scopes = presharedKeyId == null
                ? null
                : jdbc.sql("select scopes::text from preshared_keys where id = ?")
                        .param(presharedKeyId)
                        .query(String.class)
                        .optional()
                        .orElse(null);
        if (scopes == null) {
            return granted;
        }
        Set<String> keyAllows = new java.util.HashSet<>();
        for (JsonNode scope : json.readTree(scopes)) {
            if (server.slug().equals(scope.path("server").asString(""))) {
                scope.path("allow").forEach(pattern -> keyAllows.add(pattern.asString()));
            }
        }
        return new ToolRules(granted.allow(), granted.deny(), Set.copyOf(keyAllows));
    }

    /** The rules of the user's grants alone, for callers that are not client sessions. */
    public ToolRules rulesFor(UUID userId, UUID serverId) {
        List<Grant> grants = jdbc.sql("select id, user_id, group_id, server_id, allow, deny, created_at from grants"
                        + " where server_id = ? and (user_id = ?"
                        + " or group_id in (select group_id from group_members where user_id = ?))")
                .params(serverId, userId, userId)
                .query(AccessPolicy::map)
                .list();
        return new ToolRules(
                grants.stream().flatMap(g -> g.allow().stream()).collect(Collectors.toUnmodifiableSet()),
                grants.stream().flatMap(g -> g.deny().stream()).collect(Collectors.toUnmodifiableSet()),
                null);
    }

    /**
     * The union of allow and deny patterns of every grant that applies, and the allow patterns of
     * the caller's key scope ({@code null}: the key is not narrowed).
     */
    public record ToolRules(Set<String> allow, Set<String> deny, Set<String> keyScope) {
        /** True when the caller may use this server at all: some grant, and a key scope that names it. */
        public boolean reachesServer() {
            return !allow.isEmpty() && (keyScope == null || !keyScope.isEmpty());
        }

        public boolean permits(String tool) {
            return allow.stream().anyMatch(p -> ToolGlob.matches(p, tool))
                    && deny.stream().noneMatch(p -> ToolGlob.matches(p, tool))
                    && (keyScope == null || keyScope.stream().anyMatch(p -> ToolGlob.matches(p, tool)));
        }
    }

    static Grant map(ResultSet rs, int row) throws SQLException {
        return new Grant(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getObject("group_id", UUID.class),
                rs.getObject("server_id", UUID.class),
                Arrays.asList((String[]) rs.getArray("allow").getArray()),
                Arrays.asList((String[]) rs.getArray("deny").getArray()),
                rs.getTimestamp("created_at").toInstant());
    }
}
