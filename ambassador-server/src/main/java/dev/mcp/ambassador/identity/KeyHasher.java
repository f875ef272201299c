package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.config.DataDirectory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Hashes the ambassador's own bearer keys ({@code amb_pk_}, {@code amb_ak_}) with HMAC-SHA256
 * under a server secret. The keys carry 256 random bits, so a slow password hash adds nothing
 * against guessing and would let anyone make the server burn CPU and memory with bogus keys; one
 * HMAC costs microseconds. The secret ({@code AMBASSADOR_KEY_HASH_SECRET} or the data directory's
 * {@code key_hash_secret}) is never stored in the database, so a stolen dump cannot even be used to
 * test candidate keys offline. Hashes made earlier with Argon2id are recognised by {@link
 * #isLegacy} and verified the slow way until their key is next used.
 */
@Component
public class KeyHasher {

    static final String FORMAT = "$hmac-sha256$v1$";
    static final String SECRET_FILE = "key_hash_secret";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec secret;

    KeyHasher(AmbassadorProperties properties, DataDirectory dataDirectory) {
        String configured = properties.auth().keyHashSecret();
        this.secret = new SecretKeySpec(
                configured != null && !configured.isBlank()
                        ? decode(configured)
                        : dataDirectory.readOrCreateSecret(SECRET_FILE, 32),
                ALGORITHM);
    }

    /** The stored form of {@code key}: {@code $hmac-sha256$v1$} + base64url(HMAC). */
    public String hash(String key) {
        return FORMAT + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key));
    }

    /** True when {@code key} hashes to {@code stored}, compared in constant time. */
    public boolean matches(String key, String stored) {
        if (stored == null || !stored.startsWith(FORMAT)) {
            return false;
        }
        byte[] expected;
        try {
            expected = Base64.getUrlDecoder().decode(stored.substring(FORMAT.length()));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return MessageDigest.isEqual(expected, mac(key));
    }

    /** True for a hash made by Argon2id before keys were hashed with HMAC. */
    public static boolean isLegacy(String stored) {
        return stored != null && stored.startsWith("$argon2id$");
    }

    private byte[] mac(String key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac.doFinal(key.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private static byte[] decode(String value) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("AMBASSADOR_KEY_HASH_SECRET is not valid base64");
        }
        if (bytes.length < 32) {
            throw new IllegalStateException("AMBASSADOR_KEY_HASH_SECRET must decode to at least 32 bytes");
        }
        return bytes;
    }
}
