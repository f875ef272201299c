package dev.mcp.ambassador.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The one place credentials are encrypted and decrypted. Each owner's key is
 * HKDF-SHA256(master key, salt = the owner's 32-byte vault salt, info = {@value #INFO}); each value
 * is sealed with AES-256-GCM under a fresh 96-bit IV. The sealed form is
 * {@code version (1) | master-key id (8) | IV (12) | ciphertext and tag}, and the header plus the
 * credential's address (owner, server, name) is the additional authenticated data: a ciphertext
 * copied to another owner, server or name, or sealed under another master key, fails to open.
 *
 * <p>Derived keys live only for one call and are wiped in {@code finally}; callers wipe the
 * plaintext they pass in and get back.
 */
public final class VaultCipher implements AutoCloseable {

    static final String INFO = "mcpambassador-credential-vault-v1";
    static final byte VERSION = 1;
    static final int KEY_ID_LENGTH = 8;
    static final int IV_LENGTH = 12;
    static final int HEADER_LENGTH = 1 + KEY_ID_LENGTH;
    private static final int TAG_BITS = 128;

    private final byte[] masterKey;
    private final byte[] keyId;
    private final SecureRandom random = new SecureRandom();

    /** Uses a copy of {@code masterKey} (32 bytes); {@link #close()} wipes it. */
    public VaultCipher(byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("The master key must be 32 bytes");
        }
        this.masterKey = masterKey.clone();
        this.keyId = keyIdOf(this.masterKey);
    }

    /** Where a credential belongs: a ciphertext opens only at the address it was sealed for. */
    public record Address(String owner, String server, String name) {}

    /** The id of this master key, as written in every ciphertext it seals; not secret. */
    public byte[] keyId() {
        return keyId.clone();
    }

    /** True when {@code sealed} was sealed under this master key (the header says so). */
    public boolean sealedByThisKey(byte[] sealed) {
        return sealed.length > HEADER_LENGTH
                && sealed[0] == VERSION
                && MessageDigest.isEqual(Arrays.copyOfRange(sealed, 1, HEADER_LENGTH), keyId);
    }

    public byte[] seal(byte[] salt, Address address, byte[] plaintext) {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        byte[] key = derive(salt);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            byte[] header = header();
            cipher.updateAAD(aad(header, address));
            byte[] body = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_LENGTH + IV_LENGTH + body.length)
                    .put(header)
                    .put(iv)
                    .put(body)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new VaultException("Encryption failed");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The plaintext of {@code sealed}; the caller wipes it after use.
     *
     * @throws VaultException when it was sealed for another address, under another master key, by an
     *     unknown format version, or was altered; the message never contains key or value material
     */
    public byte[] open(byte[] salt, Address address, byte[] sealed) {
        if (sealed.length < HEADER_LENGTH + IV_LENGTH + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new VaultException("Unknown credential format");
        }
        if (!sealedByThisKey(sealed)) {
            throw new VaultException("The credential was sealed under another master key");
        }
        byte[] key = derive(salt);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, sealed, HEADER_LENGTH, IV_LENGTH));
            cipher.updateAAD(aad(Arrays.copyOf(sealed, HEADER_LENGTH), address));
            return cipher.doFinal(sealed, HEADER_LENGTH + IV_LENGTH, sealed.length - HEADER_LENGTH - IV_LENGTH);
        } catch (AEADBadTagException e) {
            throw new VaultException("The credential does not belong here or was altered");
        } catch (GeneralSecurityException e) {
            throw new VaultException("Decryption failed");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public void close() {
        Arrays.fill(masterKey, (byte) 0);
    }

    private byte[] derive(byte[] salt) {
        if (salt == null || salt.length != 32) {
            throw new VaultException("A vault salt must be 32 bytes");
        }
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(masterKey, salt, INFO.getBytes(StandardCharsets.US_ASCII)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    private byte[] header() {
        return ByteBuffer.allocate(HEADER_LENGTH).put(VERSION).put(keyId).array();
    }

    /** Header, then each part of the address length-prefixed, so no two addresses share bytes. */
    private static byte[] aad(byte[] header, Address address) {
        byte[][] parts = {
            address.owner().getBytes(StandardCharsets.UTF_8),
            address.server().getBytes(StandardCharsets.UTF_8),
            address.name().getBytes(StandardCharsets.UTF_8)
        };
        int length = header.length;
        for (byte[] part : parts) {
            length += 4 + part.length;
        }
        ByteBuffer aad = ByteBuffer.allocate(length).put(header);
        for (byte[] part : parts) {
            aad.putInt(part.length).put(part);
        }
        return aad.array();
    }

    /** HMAC-SHA256(master key, "key-id"), first 8 bytes: names the key without revealing it. */
    private static byte[] keyIdOf(byte[] masterKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return Arrays.copyOf(
                    mac.doFinal("mcpambassador-master-key-id".getBytes(StandardCharsets.US_ASCII)), KEY_ID_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
