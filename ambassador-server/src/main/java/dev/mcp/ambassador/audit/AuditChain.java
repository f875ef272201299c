package dev.mcp.ambassador.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How one row's hash is made: SHA-256 over the previous row's hash, the row's id and its payload. */
final class AuditChain {

    /** The previous hash of the very first row. */
    static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    static String hash(String previousHash, long id, String payload) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) '\n');
            sha256.update(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) '\n');
            sha256.update(payload.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
