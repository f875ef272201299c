package dev.mcp.ambassador.vault;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Credentials sealed in PostgreSQL: each user's own per server, and values an admin sets for a
 * server as a whole. Values are sealed by {@link VaultCipher} under a key derived for their owner
 * and bound to (owner, server, name); nothing here ever logs or returns a value except {@link
 * #open}, whose callers hand it to a downstream.
 */
@Component
public class CredentialVault implements DisposableBean {

    private final JdbcClient jdbc;
    private final VaultCipher cipher;
    private final SecureRandom random = new SecureRandom();

    CredentialVault(JdbcClient jdbc, MasterKey masterKey) {
        this.jdbc = jdbc;
        byte[] key = masterKey.copy();
        try {
            this.cipher = new VaultCipher(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Names of the values set for {@code serverId} by {@code userId} (null: the server's own). */
    public Set<String> names(UUID serverId, UUID userId) {
        return new TreeSet<>(
                jdbc.sql("select name from credentials where server_id = ? and user_id is not distinct from ?")
                        .params(serverId, userId)
                        .query(String.class)
                        .list());
    }

    /**
     * Seals and stores {@code values} for {@code serverId}, replacing those of the same names. The
     * caller's {@code char[]} values are wiped when this returns.
     */
    @Transactional
    public void put(UUID serverId, UUID userId, Map<String, char[]> values) {
        byte[] salt = salt(userId, serverId);
        try {
            for (Map.Entry<String, char[]> value : values.entrySet()) {
                byte[] plaintext = utf8(value.getValue());
                try {
                    byte[] sealed = cipher.seal(salt, address(serverId, userId, value.getKey()), plaintext);
                    jdbc.sql(
                                    "delete from credentials where server_id = ? and user_id is not distinct from ? and name = ?")
                            .params(serverId, userId, value.getKey())
                            .update();
                    jdbc.sql("insert into credentials (server_id, user_id, name, sealed) values (?, ?, ?, ?)")
                            .params(serverId, userId, value.getKey(), sealed)
                            .update();
                } finally {
                    Arrays.fill(plaintext, (byte) 0);
                    Arrays.fill(value.getValue(), '\0');
                }
            }
        } finally {
            Arrays.fill(salt, (byte) 0);
        }
    }

    /** Removes every value {@code userId} (null: the server's own) set for {@code serverId}. */
    public int delete(UUID serverId, UUID userId) {
        return jdbc.sql("delete from credentials where server_id = ? and user_id is not distinct from ?")
                .params(serverId, userId)
                .update();
    }

    /** Removes the values of {@code userId} (null: the server's own) whose names start with {@code prefix}. */
    public int deleteStartingWith(UUID serverId, UUID userId, String prefix) {
        return jdbc.sql("delete from credentials where server_id = ? and user_id is not distinct from ?"
                        + " and starts_with(name, ?)")
                .params(serverId, userId, prefix)
                .update();
    }

    /**
     * The plaintext values for {@code serverId} of {@code userId} (null: the server's own), by
     * name. These are {@code String}s because a child's environment and HTTP headers take nothing
     * else: the one place plaintext outlives a {@code finally} (see docs/security.md).
     *
     * @throws VaultException when a value does not open here (moved, altered, other master key)
     */
    public Map<String, String> open(UUID serverId, UUID userId) {
        List<Sealed> rows = jdbc.sql(
                        "select name, sealed from credentials where server_id = ? and user_id is not distinct from ?")
                .params(serverId, userId)
                .query((rs, row) -> new Sealed(rs.getString("name"), rs.getBytes("sealed")))
                .list();
        Map<String, String> values = new LinkedHashMap<>();
        if (rows.isEmpty()) {
            return values;
        }
        byte[] salt = salt(userId, serverId);
        try {
            for (Sealed row : rows) {
                byte[] plaintext = cipher.open(salt, address(serverId, userId, row.name()), row.sealed());
                try {
                    values.put(row.name(), new String(plaintext, StandardCharsets.UTF_8));
                } finally {
                    Arrays.fill(plaintext, (byte) 0);
                }
            }
        } finally {
            Arrays.fill(salt, (byte) 0);
        }
        return values;
    }

    private record Sealed(String name, byte[] sealed) {}

    static VaultCipher.Address address(UUID serverId, UUID userId, String name) {
        return new VaultCipher.Address(
                userId == null ? "server:" + serverId : "user:" + userId, serverId.toString(), name);
    }

    /** The owner's 32-byte salt, made on first use; a user's, or the server's for its own values. */
    private byte[] salt(UUID userId, UUID serverId) {
        String table = userId == null ? "servers" : "users";
        UUID id = userId == null ? serverId : userId;
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        jdbc.sql("update " + table + " set vault_salt = ? where id = ? and vault_salt is null")
                .params(fresh, id)
                .update();
        return jdbc.sql("select vault_salt from " + table + " where id = ?")
                .param(id)
                .query(byte[].class)
                .optional()
                .orElseThrow(() -> new VaultException("The owner of the credential no longer exists"));
    }

    private static byte[] utf8(char[] value) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(value));
        byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    @Override
    public void destroy() {
        cipher.close();
    }
}
