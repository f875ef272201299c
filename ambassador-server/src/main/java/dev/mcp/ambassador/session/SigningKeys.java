package dev.mcp.ambassador.session;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC keys session tokens are signed with, by key id. Tokens name the key that signed them;
 * a token naming a key that is not here (a retired or foreign one) is refused.
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
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("A session signing secret needs at least 32 bytes");
        }
        int id = keyId(secret);
        return new SigningKeys(id, Map.of(id, new SecretKeySpec(secret, ALGORITHM)));
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

    private static int keyId(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            int id = ((digest[0] & 0xff) << 24)
                    | ((digest[1] & 0xff) << 16)
                    | ((digest[2] & 0xff) << 8)
                    | (digest[3] & 0xff);
            Arrays.fill(digest, (byte) 0);
            return id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
