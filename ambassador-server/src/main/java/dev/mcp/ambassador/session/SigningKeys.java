package dev.mcp.ambassador.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC keys session tokens are signed with, by key id: one current key that signs, and any
 * previous keys that still verify until their tokens expire. A token naming a key that is not
 * here (retired, or never known) is refused.
 */
public final class SigningKeys {

    static final String ALGORITHM = "HmacSHA256";
    static final int MIN_SECRET_BYTES = 32;

    private final int currentId;
    private final Map<Integer, SecretKeySpec> keys;

    private SigningKeys(int currentId, Map<Integer, SecretKeySpec> keys) {
        this.currentId = currentId;
        this.keys = Map.copyOf(keys);
    }

    /** One active key from {@code secret}; its id is derived from the secret, so it is stable. */
    public static SigningKeys of(byte[] secret) {
        return of(secret, List.of());
    }

    /** A current key and previous ones that verify but never sign. */
    public static SigningKeys of(byte[] current, List<byte[]> previous) {
        Map<Integer, SecretKeySpec> keys = new LinkedHashMap<>();
        for (byte[] secret : previous) {
            keys.put(keyId(requireLength(secret)), new SecretKeySpec(secret, ALGORITHM));
        }
        int id = keyId(requireLength(current));
        keys.put(id, new SecretKeySpec(current, ALGORITHM));
        return new SigningKeys(id, keys);
    }

    /**
     * Keys for another purpose, derived from these secrets as HMAC-SHA256(secret, {@code purpose}):
     * the current one first, which alone may sign, then the previous ones, which only verify. A
     * derived key reveals nothing of the secret it came from, and keys of different purposes are
     * unrelated.
     */
    public List<SecretKeySpec> derived(String purpose) {
        List<SecretKeySpec> derived = new ArrayList<>();
        derived.add(derive(current(), purpose));
        keys.forEach((id, key) -> {
            if (id != currentId) {
                derived.add(derive(key, purpose));
            }
        });
        return List.copyOf(derived);
    }

    private static SecretKeySpec derive(SecretKeySpec key, String purpose) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return new SecretKeySpec(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    int currentId() {
        return currentId;
    }

    SecretKeySpec current() {
        return keys.get(currentId);
    }

    Optional<SecretKeySpec> byId(int id) {
        return Optional.ofNullable(keys.get(id));
    }

    int size() {
        return keys.size();
    }

    private static byte[] requireLength(byte[] secret) {
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("A session signing secret needs at least 32 bytes");
        }
        return secret;
    }

    private static int keyId(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return ((digest[0] & 0xff) << 24)
                    | ((digest[1] & 0xff) << 16)
                    | ((digest[2] & 0xff) << 8)
                    | (digest[3] & 0xff);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
