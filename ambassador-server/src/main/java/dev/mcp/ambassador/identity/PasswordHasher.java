package dev.mcp.ambassador.identity;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import org.springframework.stereotype.Component;

/**
 * Argon2id hashing (OWASP parameters: 19 MiB, 2 passes, 1 lane) for passwords and for the
 * ambassador's own keys. Verification runs in constant time in the hash length; {@link
 * #verifyAgainstNothing} spends the same effort when there is nothing to verify against, so a
 * caller cannot tell an unknown name from a wrong secret by timing.
 */
@Component
public class PasswordHasher {

    static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, 19);
    private final String dummyHash = hash("not-a-real-secret-used-to-equalise-timing".toCharArray());

    /** Hashes {@code secret} with a fresh 16-byte salt into a PHC string. */
    public String hash(char[] secret) {
        return Password.hash(new String(secret))
                .addRandomSalt(16)
                .with(ARGON2ID)
                .getResult();
    }

    /** True when {@code secret} matches {@code hash}; false for any malformed hash. */
    public boolean verify(char[] secret, String hash) {
        if (hash == null || hash.isEmpty()) {
            verifyAgainstNothing(secret);
            return false;
        }
        try {
            return Password.check(new String(secret), hash).with(ARGON2ID);
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /** Spends as long as a real verification and always answers false. */
    public boolean verifyAgainstNothing(char[] secret) {
        Password.check(new String(secret), dummyHash).with(ARGON2ID);
        return false;
    }
}
