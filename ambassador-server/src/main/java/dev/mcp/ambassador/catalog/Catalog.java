package dev.mcp.ambassador.catalog;

import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.FeedCache;
import dev.mcp.ambassador.cluster.Topic;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog of downstream servers in PostgreSQL. The {@code env} and {@code headers} columns hold
 * names only: their values are sealed in the credential vault, and whoever writes an entry here
 * passes it with empty values ({@code CatalogSecrets}). Every write is announced on the change
 * feed with the server's id: call the writing methods inside the transaction of the change.
 *
 * <p>The lookups every request makes ({@link #findBySlug}, {@link #findPublished}) are answered
 * from a {@link FeedCache}, which every write empties on this replica once it commits and on the
 * others when the change feed tells them; while the feed cannot vouch for it, they read the
 * database.
 */
@Repository
public class Catalog {

    private static final String COLUMNS =
            "id, slug, display_name, transport, command, env, url, headers, isolation, status, call_timeout_seconds,"
                    + " created_at, updated_at, sandbox, credentials, protocol, name_mapping";
    private static final TypeReference<List<String>> ARGV = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<CredentialSpec>> SPECS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ChangeFeed feed;
    private final FeedCache<String, Optional<CatalogServer>> bySlug;
    private final FeedCache<Boolean, List<CatalogServer>> published;

    Catalog(JdbcClient jdbc, JsonMapper json, ChangeFeed feed) {
        this.jdbc = jdbc;
        this.json = json;
        this.feed = feed;
        this.bySlug = feed.cache("catalog entries", 10_000, Topic.CATALOG);
        this.published = feed.cache("published catalog", 1, Topic.CATALOG);
    }

    public Optional<CatalogServer> findBySlug(String slug) {
        return bySlug.get(slug, this::readBySlug);
    }

    public List<CatalogServer> findPublished() {
        return published.get(Boolean.TRUE, all -> readPublished());
    }

    private Optional<CatalogServer> readBySlug(String slug) {
        return jdbc.sql("select " + COLUMNS + " from servers where slug = ?")
                .param(slug)
                .query(this::map)
                .optional();
    }

    private List<CatalogServer> readPublished() {
        return jdbc.sql("select " + COLUMNS + " from servers where status = 'published' order by slug")
                .query(this::map)
                .list();
    }

    public List<CatalogServer> findAll() {
        return jdbc.sql("select " + COLUMNS + " from servers order by slug").query(this::map).list().stream()
                .toList();
    }

    public CatalogServer insert(CatalogServer server) {
        jdbc.sql("insert into servers (id, slug, display_name, transport, command, env, url, headers, isolation,"
                        + " status, call_timeout_seconds, sandbox, credentials, protocol, name_mapping, secrets_sealed) values (?, ?, ?,"
                        + " ?, ?::jsonb, ?::jsonb, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, true)")
                .params(
                        server.id(),
                        server.slug(),
                        server.displayName(),
                        server.transport(),
                        json.writeValueAsString(server.command()),
                        json.writeValueAsString(server.env()),
                        server.url(),
                        json.writeValueAsString(server.headers()),
                        server.isolation(),
                        server.status(),
                        server.callTimeoutSeconds(),
                        json.writeValueAsString(server.sandbox()),
                        json.writeValueAsString(server.credentials()),
                        server.protocol(),
                        server.nameMapping())
                .update();
        feed.announce(Topic.CATALOG, server.id());
        return readBySlug(server.slug()).orElseThrow();
    }

    public CatalogServer update(CatalogServer server) {
        jdbc.sql("update servers set display_name = ?, transport = ?, command = ?::jsonb, env = ?::jsonb, url = ?,"
                        + " headers = ?::jsonb, isolation = ?, status = ?, call_timeout_seconds = ?, sandbox = ?::jsonb,"
                        + " credentials = ?::jsonb, protocol = ?, name_mapping = ?, secrets_sealed = true, updated_at = now()"
                        + " where id = ?")
                .params(
                        server.displayName(),
                        server.transport(),
                        json.writeValueAsString(server.command()),
                        json.writeValueAsString(server.env()),
                        server.url(),
                        json.writeValueAsString(server.headers()),
                        server.isolation(),
                        server.status(),
                        server.callTimeoutSeconds(),
                        json.writeValueAsString(server.sandbox()),
                        json.writeValueAsString(server.credentials()),
                        server.protocol(),
                        server.nameMapping(),
                        server.id())
                .update();
        feed.announce(Topic.CATALOG, server.id());
        return readBySlug(server.slug()).orElseThrow();
    }

    /** The entries written before their secrets moved into the vault, whose columns hold plaintext. */
    public List<CatalogServer> findUnsealed() {
        return jdbc.sql("select " + COLUMNS + " from servers where not secrets_sealed order by slug")
                .query(this::map)
                .list();
    }

    public boolean delete(UUID id) {
        boolean deleted = jdbc.sql("delete from servers where id = ?").param(id).update() == 1;
        if (deleted) {
            feed.announce(Topic.CATALOG, id);
        }
        return deleted;
    }

    private CatalogServer map(ResultSet rs, int row) throws SQLException {
        return new CatalogServer(
                rs.getObject("id", UUID.class),
                rs.getString("slug"),
                rs.getString("display_name"),
                rs.getString("transport"),
                json.readValue(rs.getString("command"), ARGV),
                json.readValue(rs.getString("env"), STRINGS),
                rs.getString("url"),
                json.readValue(rs.getString("headers"), STRINGS),
                rs.getString("isolation"),
                rs.getString("status"),
                rs.getObject("call_timeout_seconds", Integer.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                json.readValue(rs.getString("sandbox"), SandboxPolicy.class),
                json.readValue(rs.getString("credentials"), SPECS),
                rs.getString("protocol"),
                rs.getString("name_mapping"));
    }
}
