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
            // The hash's own parameters, so hashes made before a parameter change still verify.
            return hash.startsWith("$argon2id$")
                    && Password.check(new String(secret), hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    /**
     * True when {@code hash} was not made with the current algorithm and parameters, so it should
     * be replaced the next time the secret is at hand.
     */
    public boolean needsRehash(String hash) {
        if (hash == null || !hash.startsWith("$argon2id$")) {
            return true;
        }
        try {
            Argon2Function used = Argon2Function.getInstanceFromHash(hash);
            return used.getMemory() != ARGON2ID.getMemory()
                    || used.getIterations() != ARGON2ID.getIterations()
                    || used.getParallelism() != ARGON2ID.getParallelism();
        } catch (RuntimeException malformed) {
            return true;
        }
    }

    /** Spends as long as a real verification and always answers false. */
    public boolean verifyAgainstNothing(char[] secret) {
        Password.check(new String(secret), dummyHash).with(ARGON2ID);
        return false;
    }
}
