package dev.mcp.ambassador.vault;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.config.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The 32-byte master key of the credential vault: {@code AMBASSADOR_MASTER_KEY} (base64), or the
 * {@code credential_master_key} file in the data directory, created on first boot at mode 0600.
 * It never comes from the database, so a stolen database alone decrypts nothing. The bytes are
 * wiped when the server stops.
 *
 * <p>A key kept in the file can be rotated: the old key moves to {@code
 * credential_master_key.previous} before the new one replaces it, and stays there until every
 * value is sealed under the new key. A server that stops in between finds both at its next start.
 */
@Component
public class MasterKey implements DisposableBean {

    static final String FILE = "credential_master_key";
    static final String PREVIOUS_FILE = FILE + ".previous";
    static final int LENGTH = 32;

    private final DataDirectory dataDirectory;
    private final boolean configured;
    private byte[] key;
    private byte[] previous;

    MasterKey(AmbassadorProperties properties, DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
        String fromEnvironment = properties.masterKey();
        configured = fromEnvironment != null && !fromEnvironment.isBlank();
        if (configured) {
            try {
                key = Base64.getDecoder().decode(fromEnvironment.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("AMBASSADOR_MASTER_KEY is not valid base64");
            }
        } else {
            key = dataDirectory.readOrCreateSecret(FILE, LENGTH);
            Path previousFile = dataDirectory.root().resolve(PREVIOUS_FILE);
            if (Files.exists(previousFile)) {
                previous = dataDirectory.readOrCreateSecret(PREVIOUS_FILE, LENGTH);
                requireLength(previous);
            }
        }
        requireLength(key);
    }

    /** A copy of the key for one derivation; the caller wipes it after use. */
    public synchronized byte[] copy() {
        return key.clone();
    }

    /** A copy of the key being rotated away from, while values may still be sealed under it. */
    synchronized Optional<byte[]> previousCopy() {
        return Optional.ofNullable(previous).map(byte[]::clone);
    }

    /** False when the key comes from {@code AMBASSADOR_MASTER_KEY}, which only the operator changes. */
    boolean rotatable() {
        return !configured;
    }

    /**
     * Replaces the key with a new random one, keeping the old as the previous key; returns a copy
     * of the new key. A rotation still unfinished (a previous key is kept) is not started again.
     */
    synchronized byte[] rotate() {
        if (!rotatable()) {
            throw new IllegalStateException("The master key comes from AMBASSADOR_MASTER_KEY");
        }
        if (previous != null) {
            return key.clone();
        }
        byte[] fresh = new byte[LENGTH];
        new SecureRandom().nextBytes(fresh);
        try {
            // The old key is safe on disk before the new one replaces it.
            dataDirectory.writePrivateFile(dataDirectory.root().resolve(PREVIOUS_FILE), key);
            dataDirectory.writePrivateFile(dataDirectory.root().resolve(FILE), fresh);
        } catch (IOException e) {
            Arrays.fill(fresh, (byte) 0);
            throw new UncheckedIOException("Cannot write the new master key", e);
        }
        previous = key;
        key = fresh;
        return key.clone();
    }

    /** Every value is sealed under the current key: the previous one is wiped and deleted. */
    synchronized void retirePrevious() {
        if (previous == null) {
            return;
        }
        try {
            Files.deleteIfExists(dataDirectory.root().resolve(PREVIOUS_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the previous master key", e);
        }
        Arrays.fill(previous, (byte) 0);
        previous = null;
    }

    private static void requireLength(byte[] bytes) {
        if (bytes.length != LENGTH) {
            Arrays.fill(bytes, (byte) 0);
            throw new IllegalStateException("The credential master key must be exactly 32 bytes");
        }
    }

    @Override
    public synchronized void destroy() {
        Arrays.fill(key, (byte) 0);
        if (previous != null) {
            Arrays.fill(previous, (byte) 0);
        }
    }
}
