package dev.mcp.ambassador.rbac;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.FeedCache;
import dev.mcp.ambassador.cluster.Topic;
import dev.mcp.ambassador.pipeline.Subject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides which tools, prompts and resources a user may use. One is allowed when some grant to the
 * user, or to a group the user belongs to, allows it, and no such grant denies it: deny wins; no
 * grant, no access. A client session's preshared key may narrow that further; a key whose row is
 * gone allows nothing.
 *
 * <p>Every request asks this, so the rules read from the grants and each key's scopes are kept in
 * {@link FeedCache}s: a change of grants, group memberships, the catalog, users or keys empties
 * them on this replica once it commits and on the others when the change feed tells them. While
 * the feed cannot vouch for them, every decision reads the database.
 */
@Component
public class AccessPolicy {

    static final String GRANT_COLUMNS = "id, user_id, group_id, server_id, allow, deny, prompt_allow, prompt_deny,"
            + " resource_allow, resource_deny, created_at";

    /** Enough for every user on every server of a large installation; beyond it, refilled as used. */
    private static final int MAX_ENTRIES = 50_000;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final FeedCache<UUID, Set<UUID>> grantedServers;
    private final FeedCache<UserOnServer, AccessRules> grantedRules;
    private final FeedCache<UUID, Optional<KeyScopes>> keyScopes;

    AccessPolicy(JdbcClient jdbc, JsonMapper json, ChangeFeed feed) {
        this.jdbc = jdbc;
        this.json = json;
        this.grantedServers = feed.cache("granted servers", MAX_ENTRIES, Topic.GRANTS, Topic.CATALOG, Topic.USERS);
        this.grantedRules = feed.cache("grant rules", MAX_ENTRIES, Topic.GRANTS, Topic.CATALOG, Topic.USERS);
        this.keyScopes = feed.cache("key scopes", MAX_ENTRIES, Topic.KEYS, Topic.USERS);
    }

    private record UserOnServer(UUID userId, UUID serverId) {}

    /**
     * What a preshared key allows on each server it names, by slug; null when the key does not
     * narrow what its user's grants allow.
     */
    private record KeyScopes(Map<String, Set<String>> bySlug) {}

    /** The ids of the servers that at least one grant gives {@code userId} some access to. */
    public Set<UUID> grantedServers(UUID userId) {
        return grantedServers.get(userId, this::readGrantedServers);
    }

    private Set<UUID> readGrantedServers(UUID userId) {
        return Set.copyOf(jdbc.sql("select distinct g.server_id from grants g where g.user_id = ?"
                        + " or g.group_id in (select group_id from group_members where user_id = ?)")
                .params(userId, userId)
                .query(UUID.class)
                .set());
    }

    /**
     * The rules for a client session on one server, to test many names against at once: the
     * user's grants, narrowed by the scopes of the preshared key the session was registered with.
     * A key without scopes does not narrow; a key id that names no key (deleted, or none given)
     * allows nothing.
     */
    public AccessRules rulesFor(UUID userId, UUID presharedKeyId, CatalogServer server) {
        AccessRules granted = rulesFor(userId, server.id());
        Optional<KeyScopes> scopes =
                presharedKeyId == null ? Optional.empty() : keyScopes.get(presharedKeyId, this::readKeyScopes);
        if (scopes.isEmpty()) {
            return AccessRules.NOTHING;
        }
        if (scopes.get().bySlug() == null) {
            return granted;
        }
        return granted.narrowedTo(scopes.get().bySlug().getOrDefault(server.slug(), Set.of()));
    }

    private Optional<KeyScopes> readKeyScopes(UUID presharedKeyId) {
        return jdbc.sql("select coalesce(scopes::text, 'null') from preshared_keys where id = ?")
                .param(presharedKeyId)
                .query(String.class)
                .optional()
                .map(this::parseScopes);
    }

    private KeyScopes parseScopes(String scopes) {
        JsonNode parsed = json.readTree(scopes);
        if (parsed.isNull()) {
            return new KeyScopes(null);
        }
        Map<String, Set<String>> bySlug = new HashMap<>();
        for (JsonNode scope : parsed) {
            Set<String> allows = bySlug.computeIfAbsent(scope.path("server").asString(""), slug -> new HashSet<>());
            scope.path("allow").forEach(pattern -> allows.add(pattern.asString()));
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        bySlug.forEach((slug, allows) -> frozen.put(slug, Set.copyOf(allows)));
        return new KeyScopes(Map.copyOf(frozen));
    }

    /** The rules of the user's grants alone, for callers that are not client sessions. */
    public AccessRules rulesFor(UUID userId, UUID serverId) {
        return grantedRules.get(new UserOnServer(userId, serverId), key -> readRules(userId, serverId));
    }

    private AccessRules readRules(UUID userId, UUID serverId) {
        List<Grant> grants = jdbc.sql("select " + GRANT_COLUMNS + " from grants where server_id = ? and (user_id = ?"
                        + " or group_id in (select group_id from group_members where user_id = ?))")
                .params(serverId, userId, userId)
                .query(AccessPolicy::map)
                .list();
        return new AccessRules(
                !grants.isEmpty(),
                patterns(grants, Grant::allow, Grant::deny),
                patterns(grants, Grant::promptAllow, Grant::promptDeny),
                patterns(grants, Grant::resourceAllow, Grant::resourceDeny),
                null);
    }

    private static Patterns patterns(
            List<Grant> grants, Function<Grant, List<String>> allow, Function<Grant, List<String>> deny) {
        return new Patterns(
                grants.stream().flatMap(g -> allow.apply(g).stream()).collect(Collectors.toUnmodifiableSet()),
                grants.stream().flatMap(g -> deny.apply(g).stream()).collect(Collectors.toUnmodifiableSet()));
    }

    /** The union of the allow and of the deny patterns of every grant that applies, for one kind of name. */
    public record Patterns(Set<String> allow, Set<String> deny) {
        static final Patterns NONE = new Patterns(Set.of(), Set.of());

        boolean permits(String name) {
            return allow.stream().anyMatch(p -> ToolGlob.matches(p, name))
                    && deny.stream().noneMatch(p -> ToolGlob.matches(p, name));
        }
    }

    /**
     * What a caller may use on one server. Lists are filtered and requests checked by the same
     * {@link #permits} so that a list shows exactly what a request would be allowed.
     *
     * @param granted whether any grant names the server
     * @param keyScope the allow patterns of the caller's key scope for this server, applied to tools,
     *     prompts and resource URIs alike; null when the key does not narrow
     */
    public record AccessRules(
            boolean granted, Patterns tools, Patterns prompts, Patterns resources, Set<String> keyScope) {

        static final AccessRules NOTHING =
                new AccessRules(false, Patterns.NONE, Patterns.NONE, Patterns.NONE, Set.of());

        AccessRules narrowedTo(Set<String> scope) {
            return new AccessRules(granted, tools, prompts, resources, scope);
        }

        /** True when the caller may use this server at all: some grant, and a key scope that names it. */
        public boolean reachesServer() {
            return granted && (keyScope == null || !keyScope.isEmpty());
        }

        public boolean permits(Subject subject) {
            return permits(subject.type(), subject.name());
        }

        public boolean permits(Subject.Type type, String name) {
            Patterns patterns =
                    switch (type) {
                        case TOOL -> tools;
                        case PROMPT -> prompts;
                        case RESOURCE -> resources;
                    };
            return reachesServer()
                    && patterns.permits(name)
                    && (keyScope == null || keyScope.stream().anyMatch(p -> ToolGlob.matches(p, name)));
        }

        public boolean permitsTool(String name) {
            return permits(Subject.Type.TOOL, name);
        }
    }

    static Grant map(ResultSet rs, int row) throws SQLException {
        return new Grant(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getObject("group_id", UUID.class),
                rs.getObject("server_id", UUID.class),
                strings(rs, "allow"),
                strings(rs, "deny"),
                strings(rs, "prompt_allow"),
                strings(rs, "prompt_deny"),
                strings(rs, "resource_allow"),
                strings(rs, "resource_deny"),
                rs.getTimestamp("created_at").toInstant());
    }

    private static List<String> strings(ResultSet rs, String column) throws SQLException {
        return Arrays.asList((String[]) rs.getArray(column).getArray());
    }
}
