package dev.mcp.ambassador.session;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.config.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Where the session signing keys come from, and how they rotate.
 *
 * <p>From the environment: {@code AMBASSADOR_SESSION_SECRET} signs and {@code
 * AMBASSADOR_SESSION_SECRET_PREVIOUS} (comma-separated) still verifies; rotating means changing
 * those and restarting, the same way on every replica. Otherwise from the data directory: {@code
 * session_hmac_secret} signs and {@code session_hmac_secret.previous} (one base64 secret per line,
 * each followed by the epoch second it was rotated out) verifies, and {@link #rotate} changes them
 * while the server runs. A previous key from the data directory retires by itself once the maximum
 * session lifetime has passed since its rotation: no token it signed can still be valid.
 */
@Component
public class SigningKeyStore {

    static final String SECRET_FILE = "session_hmac_secret";
    static final String PREVIOUS_FILE = "session_hmac_secret.previous";

    private final DataDirectory dataDirectory;
    private final boolean fromEnvironment;
    private final Clock clock;
    private final Duration maxLifetime;
    private final AtomicReference<SigningKeys> keys = new AtomicReference<>();
    private volatile List<Previous> previous = List.of();
    private volatile Instant nextRetirement;

    /** A key that only verifies, and when it stopped signing (null: unknown, never retired by itself). */
    private record Previous(byte[] secret, Instant rotatedAt) {}

    SigningKeyStore(AmbassadorProperties properties, DataDirectory dataDirectory, Clock clock) {
        this.dataDirectory = dataDirectory;
        this.clock = clock;
        this.maxLifetime = properties.sessions().maxLifetime();
        String configured = properties.sessionSecret();
        this.fromEnvironment = configured != null && !configured.isBlank();
        if (fromEnvironment) {
            List<byte[]> previous = new ArrayList<>();
            if (properties.sessionSecretPrevious() != null) {
                for (String value : properties.sessionSecretPrevious()) {
                    if (!value.isBlank()) {
                        previous.add(decode(value, "AMBASSADOR_SESSION_SECRET_PREVIOUS"));
                    }
                }
            }
            keys.set(SigningKeys.of(decode(configured, "AMBASSADOR_SESSION_SECRET"), previous));
        } else {
            byte[] current = dataDirectory.readOrCreateSecret(SECRET_FILE, 32);
            install(current, readPrevious());
            retireExpired();
        }
    }

    /** The keys in force now; previous keys past their time are retired first. */
    public SigningKeys keys() {
        Instant next = nextRetirement;
        if (next != null && !clock.instant().isBefore(next)) {
            retireExpired();
        }
        return keys.get();
    }

    /** True when the keys come from the environment and so cannot be rotated from here. */
    public boolean fromEnvironment() {
        return fromEnvironment;
    }

    /**
     * Makes a new current key. The old one keeps verifying its tokens until they expire, unless
     * {@code retirePrevious}: then every earlier key stops verifying at once, which ends every
     * session issued before this call.
     */
    public synchronized void rotate(boolean retirePrevious) {
        if (fromEnvironment) {
            throw new IllegalStateException("The session secret comes from the environment");
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            List<Previous> kept = new ArrayList<>();
            if (!retirePrevious) {
                kept.addAll(previous);
                kept.add(new Previous(Files.readAllBytes(dataDirectory.root().resolve(SECRET_FILE)), clock.instant()));
            }
            writePrevious(kept);
            dataDirectory.writePrivateFile(dataDirectory.root().resolve(SECRET_FILE), fresh);
            install(fresh, kept);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rotate the session signing key", e);
        }
    }

    /**
     * Reads the keys in the data directory again, after another replica sharing it rotated them.
     * Keys from the environment do not change while the server runs.
     */
    public synchronized void reload() {
        if (fromEnvironment) {
            return;
        }
        install(dataDirectory.readOrCreateSecret(SECRET_FILE, 32), readPrevious());
        retireExpired();
    }

    private synchronized void retireExpired() {
        Instant now = clock.instant();
        List<Previous> kept = previous.stream()
                .filter(key ->
                        key.rotatedAt() == null || now.isBefore(key.rotatedAt().plus(maxLifetime)))
                .toList();
        if (kept.size() == previous.size()) {
            return;
        }
        try {
            writePrevious(kept);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot retire a previous session signing key", e);
        }
        install(keys.get().current().getEncoded(), kept);
    }

    private void install(byte[] current, List<Previous> verifying) {
        previous = List.copyOf(verifying);
        keys.set(
                SigningKeys.of(current, verifying.stream().map(Previous::secret).toList()));
        nextRetirement = verifying.stream()
                .map(Previous::rotatedAt)
                .filter(java.util.Objects::nonNull)
                .map(rotated -> rotated.plus(maxLifetime))
                .min(Instant::compareTo)
                .orElse(null);
    }

    private void writePrevious(List<Previous> verifying) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Previous key : verifying) {
            lines.append(Base64.getEncoder().encodeToString(key.secret()));
            if (key.rotatedAt() != null) {
                lines.append(' ').append(key.rotatedAt().getEpochSecond());
            }
            lines.append('\n');
        }
        dataDirectory.writePrivateFile(previousFile(), lines.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private List<Previous> readPrevious() {
        Path file = previousFile();
        List<Previous> found = new ArrayList<>();
        if (!Files.exists(file)) {
            return found;
        }
        try {
            dataDirectory.ensurePrivateFile(file);
            // A line without a time predates this format: count from when the file was written.
            Instant written = Files.getLastModifiedTime(file).toInstant();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] parts = line.trim().split("\\s+");
                if (parts[0].isEmpty()) {
                    continue;
                }
                Instant rotatedAt = parts.length > 1 ? rotatedAt(parts[1]) : written;
                found.add(new Previous(decode(parts[0], PREVIOUS_FILE), rotatedAt));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static Instant rotatedAt(String epochSecond) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(epochSecond));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(PREVIOUS_FILE + " has a line whose rotation time is not a number");
        }
    }

    private Path previousFile() {
        return dataDirectory.root().resolve(PREVIOUS_FILE);
    }

    private static byte[] decode(String value, String source) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64");
        }
        if (secret.length < SigningKeys.MIN_SECRET_BYTES) {
            throw new IllegalStateException(source + " must decode to at least 32 bytes");
        }
        return secret;
    }
}
