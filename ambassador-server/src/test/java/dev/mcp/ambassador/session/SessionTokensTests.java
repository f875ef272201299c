package dev.mcp.ambassador.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcp.ambassador.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionTokensTests {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final SessionTokens tokens =
            new SessionTokens(() -> SigningKeys.of(secret('a')), clock, Duration.ofDays(7));
    private final SessionClaims claims = new SessionClaims(
            UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), NOW, NOW.plus(Duration.ofHours(8)));

    @Test
    void verifyWhenIssuedByTheSameKeysThenReturnsTheClaims() throws Exception {
        String token = tokens.issue(claims);

        assertThat(token).startsWith("amb_st_");
        assertThat(tokens.verify(token)).isEqualTo(claims);
    }

    @Test
    void verifyWhenPayloadTamperedThenRefusedForBadSignature() {
        String token = tokens.issue(claims);
        int dot = token.lastIndexOf('.');
        byte[] payload = Base64.getUrlDecoder().decode(token.substring("amb_st_".length(), dot));
        payload[30] ^= 0x01; // a bit of the user id: the token now claims someone else
        String tampered =
                "amb_st_" + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + token.substring(dot);

        assertRefused(tampered, SessionTokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenSignatureTamperedThenRefusedForBadSignature() {
        String token = tokens.issue(claims);
        char last = token.charAt(token.length() - 2);
        String tampered =
                token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

        assertRefused(tampered, SessionTokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void verifyWhenExpiredThenRefused() {
        String token = tokens.issue(claims);
        clock.advance(Duration.ofHours(8));

        assertRefused(token, SessionTokenException.Reason.EXPIRED);
    }

    @Test
    void verifyWhenSignedWithAnotherSecretThenRefusedForUnknownKey() {
        String foreign = new SessionTokens(() -> SigningKeys.of(secret('b')), clock, Duration.ofDays(7)).issue(claims);

        assertRefused(foreign, SessionTokenException.Reason.UNKNOWN_SIGNING_KEY);
    }

    @Test
    void verifyWhenSignedWithAPreviousKeyStillAcceptedThenReturnsTheClaims() throws Exception {
        String old = tokens.issue(claims);
        SessionTokens rotated =
                new SessionTokens(() -> SigningKeys.of(secret('b'), List.of(secret('a'))), clock, Duration.ofDays(7));

        assertThat(rotated.verify(old)).isEqualTo(claims);
        assertThat(rotated.issue(claims)).isNotEqualTo(old);
    }

    @Test
    void verifyWhenSignedWithARetiredKeyThenRefusedForUnknownKey() {
        String old = tokens.issue(claims);
        SessionTokens retired = new SessionTokens(() -> SigningKeys.of(secret('b')), clock, Duration.ofDays(7));

        assertRefused(old, SessionTokenException.Reason.UNKNOWN_SIGNING_KEY, retired);
    }

    @Test
    void verifyWhenValidForLongerThanTheMaximumLifetimeThenRefusedAsOutOfBounds() {
        String token = tokens.issue(new SessionClaims(
                claims.sessionId(), claims.userId(), claims.presharedKeyId(), NOW, NOW.plus(Duration.ofDays(8))));

        assertRefused(token, SessionTokenException.Reason.OUT_OF_BOUNDS);
    }

    @Test
    void verifyWhenIssuedInTheFutureThenRefusedAsOutOfBounds() {
        Instant later = NOW.plus(Duration.ofHours(1));
        String token = tokens.issue(new SessionClaims(
                claims.sessionId(), claims.userId(), claims.presharedKeyId(), later, later.plus(Duration.ofHours(1))));

        assertRefused(token, SessionTokenException.Reason.OUT_OF_BOUNDS);
    }

    @Test
    void verifyWhenGarbageThenRefusedAsMalformed() {
        assertRefused(null, SessionTokenException.Reason.MALFORMED);
        assertRefused("", SessionTokenException.Reason.MALFORMED);
        assertRefused("amb_st_", SessionTokenException.Reason.MALFORMED);
        assertRefused("amb_st_!!!.???", SessionTokenException.Reason.MALFORMED);
        assertRefused("amb_pk_abc.def", SessionTokenException.Reason.MALFORMED);
        assertRefused("amb_st_" + "A".repeat(600), SessionTokenException.Reason.MALFORMED);
    }

    @Test
    void signingKeysWhenSecretShorterThan32BytesThenRejected() {
        assertThatThrownBy(() -> SigningKeys.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    private void assertRefused(String token, SessionTokenException.Reason reason) {
        assertRefused(token, reason, tokens);
    }

    private static void assertRefused(String token, SessionTokenException.Reason reason, SessionTokens tokens) {
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(
                        SessionTokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private static byte[] secret(char fill) {
        return String.valueOf(fill).repeat(32).getBytes(StandardCharsets.US_ASCII);
    }
}
