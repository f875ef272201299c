package dev.mcp.ambassador.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.session.SigningKeys;
import dev.mcp.ambassador.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InternalHopTests {

    private static final byte[] SECRET = "a shared session secret of 32+ bytes".getBytes();
    private static final String PATH = "/mcp";
    private static final String SESSION = "the-session-id";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));
    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();
    private final InternalHop onA = new InternalHop(() -> SigningKeys.of(SECRET), a, clock);
    private final InternalHop onB = new InternalHop(() -> SigningKeys.of(SECRET), b, clock);
    private final InternalHop.Forwarded seen = new InternalHop.Forwarded("mcp.example.com:443", "203.0.113.7");

    @Test
    void verifyWhenSignedForThisReplicaThenSaysWhatTheForwarderSaw() {
        String header = onA.sign("POST", PATH, SESSION, seen, b);

        assertThat(onB.verify(header, "POST", PATH, SESSION)).contains(seen);
    }

    @Test
    void verifyWhenMeantForAnotherReplicaThenRefused() {
        String header = onA.sign("POST", PATH, SESSION, seen, a);

        assertThat(onB.verify(header, "POST", PATH, SESSION)).isEmpty();
    }

    @Test
    void verifyWhenMovedToAnotherMethodPathOrSessionThenRefused() {
        String header = onA.sign("GET", PATH, SESSION, seen, b);

        assertThat(onB.verify(header, "DELETE", PATH, SESSION)).isEmpty();
        assertThat(onB.verify(header, "GET", PATH + "?x=1", SESSION)).isEmpty();
        assertThat(onB.verify(header, "GET", PATH, "another-session")).isEmpty();
        assertThat(onB.verify(header, "GET", PATH, null)).isEmpty();
    }

    @Test
    void verifyWhenTheCarriedHostOrClientIsChangedThenRefused() {
        String[] parts = onA.sign("POST", PATH, SESSION, seen, b).split(" ");
        String otherHost = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("evil.example".getBytes());
        String otherClient = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("10.0.0.1".getBytes());

        assertThat(onB.verify(
                        String.join(" ", parts[0], parts[1], otherHost, parts[3], parts[4]), "POST", PATH, SESSION))
                .isEmpty();
        assertThat(onB.verify(
                        String.join(" ", parts[0], parts[1], parts[2], otherClient, parts[4]), "POST", PATH, SESSION))
                .isEmpty();
        assertThat(onB.verify(
                        String.join(
                                " ",
                                parts[0],
                                Long.toString(Long.parseLong(parts[1]) + 1),
                                parts[2],
                                parts[3],
                                parts[4]),
                        "POST",
                        PATH,
                        SESSION))
                .isEmpty();
    }

    @Test
    void verifyWhenOlderOrNewerThanTheWindowThenRefused() {
        String header = onA.sign("POST", PATH, SESSION, seen, b);

        clock.advance(InternalHop.WINDOW.plusSeconds(1));
        assertThat(onB.verify(header, "POST", PATH, SESSION)).isEmpty();

        String fromTheFuture = onA.sign("POST", PATH, SESSION, seen, b);
        clock.advance(Duration.ofSeconds(-2 * InternalHop.WINDOW.toSeconds() - 2));
        assertThat(onB.verify(fromTheFuture, "POST", PATH, SESSION)).isEmpty();
    }

    @Test
    void verifyWhenSignedWithAnotherSecretOrMadeUpThenRefused() {
        InternalHop stranger =
                new InternalHop(() -> SigningKeys.of("another session secret, 32+ bytes long".getBytes()), a, clock);

        assertThat(onB.verify(stranger.sign("POST", PATH, SESSION, seen, b), "POST", PATH, SESSION))
                .isEmpty();
        assertThat(onB.verify("v1 1 aA bB cC", "POST", PATH, SESSION)).isEmpty();
        assertThat(onB.verify("yes", "POST", PATH, SESSION)).isEmpty();
        assertThat(onB.verify("v1 notanumber aA bB cC", "POST", PATH, SESSION)).isEmpty();
        assertThat(onB.verify("v1 1 !! bB cC", "POST", PATH, SESSION)).isEmpty();
    }
}
