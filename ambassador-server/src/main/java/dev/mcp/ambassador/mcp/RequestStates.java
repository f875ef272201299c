package dev.mcp.ambassador.mcp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code requestState} of a 2026-07-28 multi round-trip request. The client must echo it
 * unchanged and may not read it; it is attacker-controlled input all the same. So it is signed
 * (HMAC-SHA256 under a key that never leaves this process) and binds the round to the user, the
 * method and the tool, prompt or resource named, and an expiry: a state that was altered, is
 * presented by another user or on another request, or has expired opens nothing.
 *
 * <p>The key is made at start and kept in memory only, because the rounds it names live in
 * memory too: after a restart there is nothing a state could resume.
 */
final class RequestStates {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    RequestStates(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** A state naming {@code round}, valid for {@code user} on this method and name until {@code expires}. */
    String seal(String round, UUID user, String method, String name, Instant expires) {
        String payload =
                String.join("\n", round, user.toString(), method, digest(name), Long.toString(expires.toEpochMilli()));
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
    }

    /** The round a state names, if it is intact, the caller's, for this request, and not expired. */
    Optional<String> open(String state, UUID user, String method, String name, Instant now) {
        int dot = state == null ? -1 : state.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(state.substring(0, dot));
            signature = DECODER.decode(state.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            return Optional.empty();
        }
        String[] fields = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (fields.length != 5
                || !fields[1].equals(user.toString())
                || !fields[2].equals(method)
                || !fields[3].equals(digest(name))
                || now.toEpochMilli() >= Long.parseLong(fields[4])) {
            return Optional.empty();
        }
        return Optional.of(fields[0]);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String digest(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((name == null ? "" : name).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
