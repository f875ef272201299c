package dev.mcp.ambassador.vault;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.config.DataDirectory;
import java.util.Arrays;
import java.util.Base64;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The 32-byte master key of the credential vault: {@code AMBASSADOR_MASTER_KEY} (base64), or the
 * {@code credential_master_key} file in the data directory, created on first boot at mode 0600.
 * It never comes from the database, so a stolen database alone decrypts nothing. The bytes are
 * wiped when the server stops.
 */
@Component
public class MasterKey implements DisposableBean {

    static final String FILE = "credential_master_key";
    static final int LENGTH = 32;

    private final byte[] key;

    MasterKey(AmbassadorProperties properties, DataDirectory dataDirectory) {
        String configured = properties.masterKey();
        if (configured != null && !configured.isBlank()) {
            try {
                key = Base64.getDecoder().decode(configured.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("AMBASSADOR_MASTER_KEY is not valid base64");
            }
        } else {
            key = dataDirectory.readOrCreateSecret(FILE, LENGTH);
        }
        if (key.length != LENGTH) {
            Arrays.fill(key, (byte) 0);
            throw new IllegalStateException("The credential master key must be exactly 32 bytes");
        }
    }

    /** A copy of the key for one derivation; the caller wipes it after use. */
    public byte[] copy() {
        return key.clone();
    }

    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
    }
}
