package dev.mcp.ambassador.session;

import dev.mcp.ambassador.identity.OpaqueKeys;
import dev.mcp.ambassador.identity.PasswordHasher;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Preshared keys ({@code amb_pk_…}) that an admin gives a developer to register clients with. */
@Service
class PresharedKeyService {

    private final JdbcClient jdbc;
    private final PasswordHasher hasher;
    private final Clock clock;

    PresharedKeyService(JdbcClient jdbc, PasswordHasher hasher, Clock clock) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.clock = clock;
    }

    record PresharedKeyView(
            UUID id,
            UUID userId,
            String name,
            String prefix,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt) {}

    record IssuedPresharedKey(
            UUID id, UUID userId, String name, String prefix, Instant expiresAt, String presharedKey) {
        @Override
        public String toString() {
            return "IssuedPresharedKey[id=" + id + ", prefix=" + prefix + "]";
        }
    }

    /** The key a registration presented, once proven: its id and its user. */
    record VerifiedKey(UUID id, UUID userId) {}

    IssuedPresharedKey issue(UUID userId, String name, Instant expiresAt) {
        OpaqueKeys.Generated generated = OpaqueKeys.generate(OpaqueKeys.PRESHARED_KEY);
        UUID id = UUID.randomUUID();
        jdbc.sql(
                        "insert into preshared_keys (id, user_id, name, prefix, key_hash, expires_at) values (?, ?, ?, ?, ?, ?)")
                .params(
                        id,
                        userId,
                        name,
                        generated.prefix(),
                        hasher.hash(generated.key().toCharArray()),
                        timestamp(expiresAt))
                .update();
        return new IssuedPresharedKey(id, userId, name, generated.prefix(), expiresAt, generated.key());
    }

    List<PresharedKeyView> list(UUID userId) {
        String sql = "select id, user_id, name, prefix, created_at, expires_at, revoked_at from preshared_keys";
        return userId == null
                ? jdbc.sql(sql + " order by created_at")
                        .query(PresharedKeyView.class)
                        .list()
                : jdbc.sql(sql + " where user_id = ? order by created_at")
                        .param(userId)
                        .query(PresharedKeyView.class)
                        .list();
    }

    boolean revoke(UUID id) {
        return jdbc.sql("update preshared_keys set revoked_at = now() where id = ? and revoked_at is null")
                        .param(id)
                        .update()
                == 1;
    }

    /**
     * The key {@code candidate} proves, if it is unrevoked, unexpired and belongs to an active
     * user. Spends one Argon2id verification whatever the outcome, so timing tells nothing.
     */
    Optional<VerifiedKey> verify(String candidate) {
        char[] secret = candidate == null ? new char[0] : candidate.toCharArray();
        Optional<String> prefix = OpaqueKeys.lookupPrefix(OpaqueKeys.PRESHARED_KEY, candidate);
        if (prefix.isEmpty()) {
            hasher.verifyAgainstNothing(secret);
            return Optional.empty();
        }
        record Row(UUID id, UUID userId, String keyHash, Instant expiresAt, String status, Instant revokedAt) {}
        List<Row> rows = jdbc.sql("select k.id, k.user_id, k.key_hash, k.expires_at, u.status, k.revoked_at"
                        + " from preshared_keys k join users u on u.id = k.user_id where k.prefix = ?")
                .param(prefix.get())
                .query(Row.class)
                .list();
        if (rows.isEmpty()) {
            hasher.verifyAgainstNothing(secret);
            return Optional.empty();
        }
        Instant now = clock.instant();
        for (Row row : rows) {
            if (hasher.verify(secret, row.keyHash())) {
                boolean usable = row.revokedAt() == null
                        && (row.expiresAt() == null || now.isBefore(row.expiresAt()))
                        && "active".equals(row.status());
                return usable ? Optional.of(new VerifiedKey(row.id(), row.userId())) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static java.sql.Timestamp timestamp(Instant instant) {
        return instant == null ? null : java.sql.Timestamp.from(instant);
    }
}
