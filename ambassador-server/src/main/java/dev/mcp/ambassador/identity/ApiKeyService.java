package dev.mcp.ambassador.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Admin API keys ({@code amb_ak_…}) for automation: issued once, stored as an HMAC ({@link
 * KeyHasher}), revocable. A malformed key or an unknown prefix costs no hashing at all; only a
 * row stored before keys were hashed with HMAC still costs one gated Argon2id verification, after
 * which it is re-hashed.
 */
@Service
class ApiKeyService {

    private final JdbcClient jdbc;
    private final KeyHasher keyHasher;
    private final PasswordHasher legacyHasher;
    private final UserRepository users;

    ApiKeyService(JdbcClient jdbc, KeyHasher keyHasher, PasswordHasher legacyHasher, UserRepository users) {
        this.jdbc = jdbc;
        this.keyHasher = keyHasher;
        this.legacyHasher = legacyHasher;
        this.users = users;
    }

    record ApiKeyView(UUID id, String name, String prefix, UUID ownerId, Instant createdAt, Instant revokedAt) {}

    record IssuedApiKey(UUID id, String name, String prefix, String apiKey) {
        @Override
        public String toString() {
            return "IssuedApiKey[id=" + id + ", prefix=" + prefix + "]";
        }
    }

    IssuedApiKey issue(UUID ownerId, String name) {
        OpaqueKeys.Generated generated = OpaqueKeys.generate(OpaqueKeys.API_KEY);
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into api_keys (id, owner_id, name, prefix, key_hash) values (?, ?, ?, ?, ?)")
                .params(id, ownerId, name, generated.prefix(), keyHasher.hash(generated.key()))
                .update();
        return new IssuedApiKey(id, name, generated.prefix(), generated.key());
    }

    List<ApiKeyView> list() {
        return jdbc.sql("select id, name, prefix, owner_id, created_at, revoked_at from api_keys order by created_at")
                .query(ApiKeyView.class)
                .list();
    }

    Optional<ApiKeyView> find(UUID id) {
        return jdbc.sql("select id, name, prefix, owner_id, created_at, revoked_at from api_keys where id = ?")
                .param(id)
                .query(ApiKeyView.class)
                .optional();
    }

    boolean revoke(UUID id) {
        return jdbc.sql("update api_keys set revoked_at = now() where id = ? and revoked_at is null")
                        .param(id)
                        .update()
                == 1;
    }

    /** The active owner of this unrevoked key, or empty. */
    Optional<User> authenticate(String candidate) {
        Optional<String> prefix = OpaqueKeys.lookupPrefix(OpaqueKeys.API_KEY, candidate);
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        record Row(UUID id, UUID ownerId, String keyHash) {}
        List<Row> rows = jdbc.sql("select id, owner_id, key_hash from api_keys where prefix = ? and revoked_at is null")
                .param(prefix.get())
                .query(Row.class)
                .list();
        for (Row row : rows) {
            if (keyHasher.matches(candidate, row.keyHash())) {
                return users.findById(row.ownerId()).filter(User::active);
            }
        }
        for (Row row : rows) {
            if (KeyHasher.isLegacy(row.keyHash()) && legacyHasher.verify(candidate.toCharArray(), row.keyHash())) {
                jdbc.sql("update api_keys set key_hash = ? where id = ? and key_hash = ?")
                        .params(keyHasher.hash(candidate), row.id(), row.keyHash())
                        .update();
                return users.findById(row.ownerId()).filter(User::active);
            }
        }
        return Optional.empty();
    }
}
