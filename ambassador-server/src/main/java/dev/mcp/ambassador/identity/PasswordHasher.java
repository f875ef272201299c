package dev.mcp.ambassador.identity;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.web.Problems;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Argon2id hashing (OWASP parameters: 19 MiB, 2 passes, 1 lane) for passwords, and for keys stored
 * before keys were hashed with HMAC. Verification runs in constant time in the hash length; {@link
 * #verifyAgainstNothing} spends the same effort when there is nothing to verify against, so a
 * caller cannot tell an unknown name from a wrong secret by timing.
 *
 * <p>Every Argon2id computation passes one gate: at most {@code ambassador.auth.argon2-concurrency}
 * run at once, the rest wait their turn for up to {@code argon2-queue-timeout} and are then refused
 * with 503, so a flood of sign-ins queues instead of exhausting the CPU and the heap.
 */
@Component
public class PasswordHasher {

    static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, 19);

    private final Semaphore gate;
    private final int permits;
    private final Duration queueTimeout;
    private final AtomicLong verifications = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final String dummyHash;

    PasswordHasher(AmbassadorProperties properties) {
        this.permits = properties.auth().argon2Permits();
        this.queueTimeout = properties.auth().argon2QueueTimeout();
        this.gate = new Semaphore(permits, true);
        this.dummyHash = hash("not-a-real-secret-used-to-equalise-timing".toCharArray());
    }

    /**
     * Hashes {@code secret} with a fresh 16-byte salt into a PHC string.
     *
     * @throws ErrorResponseException 503 when no Argon2id slot frees up in time
     */
    public String hash(char[] secret) {
        return gated(() -> Password.hash(new String(secret))
                .addRandomSalt(16)
                .with(ARGON2ID)
                .getResult());
    }

    /**
     * True when {@code secret} matches {@code hash}; false for any malformed hash.
     *
     * @throws ErrorResponseException 503 when no Argon2id slot frees up in time
     */
    public boolean verify(char[] secret, String hash) {
        if (hash == null || hash.isEmpty()) {
            verifyAgainstNothing(secret);
            return false;
        }
        if (!hash.startsWith("$argon2id$")) {
            return false;
        }
        Argon2Function function;
        try {
            // The hash's own parameters, so hashes made before a parameter change still verify.
            function = Argon2Function.getInstanceFromHash(hash);
        } catch (RuntimeException malformed) {
            return false;
        }
        return counted(() -> {
            try {
                return Password.check(new String(secret), hash).with(function);
            } catch (RuntimeException malformed) {
                return false;
            }
        });
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
        counted(() -> Password.check(new String(secret), dummyHash).with(ARGON2ID));
        return false;
    }

    /** How many Argon2id verifications ran since start (real or against nothing). */
    public long verifications() {
        return verifications.get();
    }

    /** How many Argon2id computations may run at once. */
    public int concurrencyLimit() {
        return permits;
    }

    /** The most Argon2id computations that ever ran at the same time. */
    public int peakConcurrency() {
        return peak.get();
    }

    /** Forgets the high-water mark, so a caller can measure a period of its own. */
    public void resetPeakConcurrency() {
        peak.set(running.get());
    }

    private <T> T counted(Supplier<T> verification) {
        verifications.incrementAndGet();
        return gated(verification);
    }

    private <T> T gated(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = gate.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw busy();
        }
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            return work.get();
        } finally {
            running.decrementAndGet();
            gate.release();
        }
    }

    private static ErrorResponseException busy() {
        ErrorResponseException problem = Problems.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                "busy",
                "The server is checking too many passwords at once. Try again in a few seconds.");
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
        return problem;
    }
}
