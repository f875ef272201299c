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
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
    private final MasterKey masterKey;
    private final SecureRandom random = new SecureRandom();
    /** Sealing holds the read lock; swapping the key during a rotation holds the write lock. */
    private final ReentrantReadWriteLock keys = new ReentrantReadWriteLock();

    private volatile VaultCipher cipher;
    /** The key being rotated away from; null unless a rotation is unfinished. */
    private volatile VaultCipher previous;

    CredentialVault(JdbcClient jdbc, MasterKey masterKey) {
        this.jdbc = jdbc;
        this.masterKey = masterKey;
        this.cipher = cipherOf(masterKey.copy());
        this.previous = masterKey.previousCopy().map(CredentialVault::cipherOf).orElse(null);
    }

    /** A cipher for {@code key}, which is wiped. */
    private static VaultCipher cipherOf(byte[] key) {
        try {
            return new VaultCipher(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * How a master-key rotation went.
     *
     * @param resealed values sealed again under the new key by this run
     * @param unreadable values that opened under neither key; while there are any, the previous key
     *     is kept and the rotation can be run again
     * @param complete every value is sealed under the new key and the previous key is deleted
     * @param keyId the id of the master key in use now
     */
    public record Rotation(int resealed, int unreadable, boolean complete, String keyId) {}

    /** False when the master key comes from {@code AMBASSADOR_MASTER_KEY}. */
    public boolean rotatable() {
        return masterKey.rotatable();
    }

    /**
     * Replaces the master key with a new random one and seals every value again under it, each row
     * in its own statement. A run that was interrupted (the previous key is still kept) is resumed
     * with the same new key rather than started over.
     */
    public synchronized Rotation rotateMasterKey() {
        if (previous == null) {
            byte[] fresh = masterKey.rotate();
            keys.writeLock().lock();
            try {
                previous = cipher;
                cipher = cipherOf(fresh);
            } finally {
                keys.writeLock().unlock();
            }
        }
        int resealed = 0;
        int unreadable = 0;
        for (Row row : jdbc.sql("select server_id, user_id, name, sealed from credentials")
                .query((rs, n) -> new Row(
                        rs.getObject("server_id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        rs.getString("name"),
                        rs.getBytes("sealed")))
                .list()) {
            if (cipher.sealedByThisKey(row.sealed())) {
                continue;
            }
            try {
                resealed += reseal(row);
            } catch (VaultException e) {
                unreadable++;
            }
        }
        if (unreadable == 0) {
            masterKey.retirePrevious();
            VaultCipher retired = previous;
            previous = null;
            retired.close();
        }
        return new Rotation(
                resealed, unreadable, unreadable == 0, java.util.HexFormat.of().formatHex(cipher.keyId()));
    }

    private record Row(UUID serverId, UUID userId, String name, byte[] sealed) {}

    private int reseal(Row row) {
        byte[] salt = salt(row.userId(), row.serverId());
        VaultCipher.Address address = address(row.serverId(), row.userId(), row.name());
        byte[] plaintext = cipherFor(row.sealed()).open(salt, address, row.sealed());
        try {
            // Only if nobody replaced the value meanwhile: a newer value is sealed under the new key.
            return jdbc.sql("update credentials set sealed = ? where server_id = ? and user_id is not distinct from ?"
                            + " and name = ? and sealed = ?")
                    .params(
                            cipher.seal(salt, address, plaintext),
                            row.serverId(),
                            row.userId(),
                            row.name(),
                            row.sealed())
                    .update();
        } finally {
            Arrays.fill(plaintext, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }

    /** The cipher of the key {@code sealed} names: the previous one during a rotation, else the current. */
    private VaultCipher cipherFor(byte[] sealed) {
        VaultCipher old = previous;
        return old != null && old.sealedByThisKey(sealed) ? old : cipher;
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
        keys.readLock().lock();
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
            keys.readLock().unlock();
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
                byte[] plaintext =
                        cipherFor(row.sealed()).open(salt, address(serverId, userId, row.name()), row.sealed());
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
        if (previous != null) {
            previous.close();
        }
    }
}
