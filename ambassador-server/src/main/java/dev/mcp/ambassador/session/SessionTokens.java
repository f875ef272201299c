package dev.mcp.ambassador.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Self-contained session tokens: {@code amb_st_} + base64url(payload) + {@code .} +
 * base64url(HMAC-SHA256 over everything before the dot). The payload is version (1 byte), signing
 * key id (4), session id (16), user id (16), preshared key id (16), issued-at and expiry (8 each,
 * epoch seconds). Verifying needs no database; the signature is compared in constant time.
 */
public final class SessionTokens {

    public static final String PREFIX = "amb_st_";
    private static final byte VERSION = 1;
    private static final int PAYLOAD_BYTES = 1 + 4 + 16 + 16 + 16 + 8 + 8;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** How far a token's issued-at may lie ahead of this server's clock (another replica's skew). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final Supplier<SigningKeys> keys;
    private final Clock clock;
    private final Duration maxLifetime;

    /**
     * @param keys the keys in force; asked on every use, so a rotation applies at once
     * @param maxLifetime the longest any session may live: a token valid for longer is refused
     */
    public SessionTokens(Supplier<SigningKeys> keys, Clock clock, Duration maxLifetime) {
        this.keys = keys;
        this.clock = clock;
        this.maxLifetime = maxLifetime;
    }

    /** Signs {@code claims} with the current key. */
    public String issue(SessionClaims claims) {
        SigningKeys keys = this.keys.get();
        ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES)
                .put(VERSION)
                .putInt(keys.currentId())
                .putLong(claims.sessionId().getMostSignificantBits())
                .putLong(claims.sessionId().getLeastSignificantBits())
                .putLong(claims.userId().getMostSignificantBits())
                .putLong(claims.userId().getLeastSignificantBits())
                .putLong(claims.presharedKeyId().getMostSignificantBits())
                .putLong(claims.presharedKeyId().getLeastSignificantBits())
                .putLong(claims.issuedAt().getEpochSecond())
                .putLong(claims.expiresAt().getEpochSecond());
        String signed = PREFIX + ENCODER.encodeToString(payload.array());
        return signed + "." + ENCODER.encodeToString(mac(keys.current(), signed));
    }

    /**
     * The claims of a token that is well formed, signed by a known key, not expired, issued no
     * later than now (give or take {@link #CLOCK_SKEW}) and valid for no longer than the maximum
     * session lifetime after it was issued.
     *
     * @throws SessionTokenException naming why the token was refused
     */
    public SessionClaims verify(String token) throws SessionTokenException {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 512) {
            throw new SessionTokenException(SessionTokenException.Reason.MALFORMED);
        }
        int dot = token.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            throw new SessionTokenException(SessionTokenException.Reason.MALFORMED);
        }
        byte[] payloadBytes;
        byte[] signature;
        try {
            payloadBytes = DECODER.decode(token.substring(PREFIX.length(), dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new SessionTokenException(SessionTokenException.Reason.MALFORMED);
        }
        if (payloadBytes.length != PAYLOAD_BYTES || payloadBytes[0] != VERSION) {
            throw new SessionTokenException(SessionTokenException.Reason.MALFORMED);
        }
        ByteBuffer payload = ByteBuffer.wrap(payloadBytes, 1, PAYLOAD_BYTES - 1);
        SecretKeySpec key = keys.get()
                .byId(payload.getInt())
                .orElseThrow(() -> new SessionTokenException(SessionTokenException.Reason.UNKNOWN_SIGNING_KEY));
        byte[] expected = mac(key, token.substring(0, dot));
        if (!MessageDigest.isEqual(expected, signature)) {
            throw new SessionTokenException(SessionTokenException.Reason.BAD_SIGNATURE);
        }
        SessionClaims claims = new SessionClaims(
                new UUID(payload.getLong(), payload.getLong()),
                new UUID(payload.getLong(), payload.getLong()),
                new UUID(payload.getLong(), payload.getLong()),
                Instant.ofEpochSecond(payload.getLong()),
                Instant.ofEpochSecond(payload.getLong()));
        Instant now = clock.instant();
        if (!now.isBefore(claims.expiresAt())) {
            throw new SessionTokenException(SessionTokenException.Reason.EXPIRED);
        }
        if (claims.issuedAt().isAfter(now.plus(CLOCK_SKEW))
                || claims.expiresAt().isAfter(claims.issuedAt().plus(maxLifetime))) {
            throw new SessionTokenException(SessionTokenException.Reason.OUT_OF_BOUNDS);
        }
        return claims;
    }

    private static byte[] mac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance(SigningKeys.ALGORITHM);
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
