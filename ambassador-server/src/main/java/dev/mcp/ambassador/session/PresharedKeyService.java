package dev.mcp.ambassador.session;

import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.Topic;
import dev.mcp.ambassador.identity.KeyHasher;
import dev.mcp.ambassador.identity.OpaqueKeys;
import dev.mcp.ambassador.identity.PasswordHasher;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Preshared keys ({@code amb_pk_…}) that an admin gives a developer to register clients with. */
@Service
class PresharedKeyService {

    private static final TypeReference<List<Scope>> SCOPES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final KeyHasher keyHasher;
    private final PasswordHasher legacyHasher;
    private final JsonMapper json;
    private final Clock clock;
    private final ChangeFeed feed;

    PresharedKeyService(
            JdbcClient jdbc,
            KeyHasher keyHasher,
            PasswordHasher legacyHasher,
            JsonMapper json,
            Clock clock,
            ChangeFeed feed) {
        this.feed = feed;
        this.jdbc = jdbc;
        this.keyHasher = keyHasher;
        this.legacyHasher = legacyHasher;
        this.json = json;
        this.clock = clock;
    }

    record PresharedKeyView(
            UUID id,
            UUID userId,
            String name,
            String prefix,
            List<Scope> scopes,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt) {}

    record IssuedPresharedKey(
            UUID id,
            UUID userId,
            String name,
            String prefix,
            List<Scope> scopes,
            Instant expiresAt,
            String presharedKey) {
        @Override
        public String toString() {
            return "IssuedPresharedKey[id=" + id + ", prefix=" + prefix + "]";
        }
    }

    /** What checking a presented key found. */
    sealed interface Verification {
        /** The key is good: unrevoked, unexpired, its user active. */
        record Accepted(UUID keyId, UUID userId) implements Verification {}

        /** The key is not accepted; {@code reason} is for the audit trail, never the caller. */
        record Refused(String reason) implements Verification {}
    }

    /** Narrows a key to some tools of one server; a tool must match one of the key's scopes. */
    record Scope(String server, List<String> allow) {}

    IssuedPresharedKey issue(UUID userId, String name, Instant expiresAt, List<Scope> scopes) {
        OpaqueKeys.Generated generated = OpaqueKeys.generate(OpaqueKeys.PRESHARED_KEY);
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into preshared_keys (id, user_id, name, prefix, key_hash, expires_at, scopes)"
                        + " values (?, ?, ?, ?, ?, ?, ?::jsonb)")
                .params(
                        id,
                        userId,
                        name,
                        generated.prefix(),
                        keyHasher.hash(generated.key()),
                        expiresAt == null ? null : Timestamp.from(expiresAt),
                        scopes == null ? null : json.writeValueAsString(scopes))
                .update();
        return new IssuedPresharedKey(id, userId, name, generated.prefix(), scopes, expiresAt, generated.key());
    }

    List<PresharedKeyView> list(UUID userId) {
        String sql = "select id, user_id, name, prefix, scopes, created_at, expires_at, revoked_at from preshared_keys";
        return userId == null
                ? jdbc.sql(sql + " order by created_at").query(this::mapView).list()
                : jdbc.sql(sql + " where user_id = ? order by created_at")
                        .param(userId)
                        .query(this::mapView)
                        .list();
    }

    Optional<PresharedKeyView> find(UUID id) {
        return jdbc.sql("select id, user_id, name, prefix, scopes, created_at, expires_at, revoked_at"
                        + " from preshared_keys where id = ?")
                .param(id)
                .query(this::mapView)
                .optional();
    }

    /**
     * The user the key belongs to, if the key exists and is not yet revoked. Announced to every
     * replica: call it inside the transaction of the revocation.
     */
    Optional<UUID> revoke(UUID id) {
        Optional<UUID> user = jdbc.sql(
                        "update preshared_keys set revoked_at = now() where id = ? and revoked_at is null returning user_id")
                .param(id)
                .query(UUID.class)
                .optional();
        if (user.isPresent()) {
            feed.announce(Topic.KEYS, id);
        }
        return user;
    }

    /**
     * Checks {@code candidate}: accepted only if it is unrevoked, unexpired and belongs to an
     * active user. A malformed key or an unknown prefix costs no hashing; a known prefix costs one
     * HMAC (one gated Argon2id for a key stored before keys were hashed with HMAC, which is then
     * re-hashed). The caller's answer is the same whatever the reason.
     */
    Verification verify(String candidate) {
        Optional<String> prefix = OpaqueKeys.lookupPrefix(OpaqueKeys.PRESHARED_KEY, candidate);
        if (prefix.isEmpty()) {
            return new Verification.Refused("malformed key");
        }
        record Row(UUID id, UUID userId, String keyHash, Instant expiresAt, String status, Instant revokedAt) {}
        List<Row> rows = jdbc.sql("select k.id, k.user_id, k.key_hash, k.expires_at, u.status, k.revoked_at"
                        + " from preshared_keys k join users u on u.id = k.user_id where k.prefix = ?")
                .param(prefix.get())
                .query(Row.class)
                .list();
        if (rows.isEmpty()) {
            return new Verification.Refused("unknown key " + prefix.get());
        }
        Row match = rows.stream()
                .filter(row -> keyHasher.matches(candidate, row.keyHash()))
                .findFirst()
                .orElse(null);
        for (int i = 0; match == null && i < rows.size(); i++) {
            Row row = rows.get(i);
            if (KeyHasher.isLegacy(row.keyHash()) && legacyHasher.verify(candidate.toCharArray(), row.keyHash())) {
                jdbc.sql("update preshared_keys set key_hash = ? where id = ? and key_hash = ?")
                        .params(keyHasher.hash(candidate), row.id(), row.keyHash())
                        .update();
                match = row;
            }
        }
        if (match == null) {
            return new Verification.Refused("wrong secret for prefix " + prefix.get());
        }
        if (match.revokedAt() != null) {
            return new Verification.Refused("revoked key " + match.id());
        }
        if (match.expiresAt() != null && !clock.instant().isBefore(match.expiresAt())) {
            return new Verification.Refused("expired key " + match.id());
        }
        if (!"active".equals(match.status())) {
            return new Verification.Refused("user of key " + match.id() + " is " + match.status());
        }
        return new Verification.Accepted(match.id(), match.userId());
    }

    private PresharedKeyView mapView(ResultSet rs, int row) throws SQLException {
        String scopes = rs.getString("scopes");
        return new PresharedKeyView(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getString("name"),
                rs.getString("prefix"),
                scopes == null ? null : json.readValue(scopes, SCOPES),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("expires_at")),
                instant(rs.getTimestamp("revoked_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
