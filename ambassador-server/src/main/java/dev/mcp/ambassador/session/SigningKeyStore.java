package dev.mcp.ambassador.session;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.config.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
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
 * session_hmac_secret} signs and {@code session_hmac_secret.previous} (one base64 secret per line)
 * verifies, and {@link #rotate} changes them while the server runs.
 */
@Component
public class SigningKeyStore {

    static final String SECRET_FILE = "session_hmac_secret";
    static final String PREVIOUS_FILE = "session_hmac_secret.previous";

    private final DataDirectory dataDirectory;
    private final boolean fromEnvironment;
    private final AtomicReference<SigningKeys> keys = new AtomicReference<>();

    SigningKeyStore(AmbassadorProperties properties, DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
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
            keys.set(SigningKeys.of(dataDirectory.readOrCreateSecret(SECRET_FILE, 32), readPrevious()));
        }
    }

    /** The keys in force now. */
    public SigningKeys keys() {
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
            List<byte[]> previous = retirePrevious ? new ArrayList<>() : readPrevious();
            if (!retirePrevious) {
                previous.add(Files.readAllBytes(dataDirectory.root().resolve(SECRET_FILE)));
            }
            StringBuilder lines = new StringBuilder();
            previous.forEach(secret ->
                    lines.append(Base64.getEncoder().encodeToString(secret)).append('\n'));
            dataDirectory.writePrivateFile(previousFile(), lines.toString().getBytes(StandardCharsets.US_ASCII));
            dataDirectory.writePrivateFile(dataDirectory.root().resolve(SECRET_FILE), fresh);
            keys.set(SigningKeys.of(fresh, previous));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rotate the session signing key", e);
        }
    }

    private List<byte[]> readPrevious() {
        Path file = previousFile();
        List<byte[]> previous = new ArrayList<>();
        if (!Files.exists(file)) {
            return previous;
        }
        try {
            dataDirectory.ensurePrivateFile(file);
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) {
                    previous.add(decode(line, PREVIOUS_FILE));
                }
            }
            return previous;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
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
