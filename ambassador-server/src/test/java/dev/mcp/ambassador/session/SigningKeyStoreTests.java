package dev.mcp.ambassador.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.config.DataDirectory;
import dev.mcp.ambassador.support.MutableClock;
import dev.mcp.ambassador.support.TestProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyStoreTests {

    private static final Duration MAX_LIFETIME = Duration.ofDays(7);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-02-01T00:00:00Z"));

    @Test
    void keysWhenTheMaximumLifetimeHasPassedSinceARotationThenThePreviousKeyRetiresByItself() {
        SigningKeyStore store = store();
        SigningKeys before = store.keys();
        SessionTokens tokens = new SessionTokens(store::keys, clock, MAX_LIFETIME);
        store.rotate(false);

        clock.advance(MAX_LIFETIME.minusSeconds(1));
        assertThat(store.keys().size())
                .as("still verifying tokens it may have signed")
                .isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        String signedByTheOldKey = new SessionTokens(() -> before, clock, MAX_LIFETIME).issue(claims(clock.instant()));

        assertThat(store.keys().size()).isEqualTo(1);
        assertThatThrownBy(() -> tokens.verify(signedByTheOldKey))
                .isInstanceOfSatisfying(SessionTokenException.class, e -> assertThat(e.reason())
                        .isEqualTo(SessionTokenException.Reason.UNKNOWN_SIGNING_KEY));
        assertThat(store().keys().size())
                .as("and it stays retired after a restart")
                .isEqualTo(1);
    }

    @Test
    void keysWhenRestartedBeforeRetirementThenThePreviousKeyStillVerifies() {
        SigningKeyStore store = store();
        store.rotate(false);
        clock.advance(Duration.ofDays(1));

        assertThat(store().keys().size()).isEqualTo(2);
    }

    private SigningKeyStore store() {
        AmbassadorProperties properties = TestProperties.defaults(dir.resolve("data"));
        return new SigningKeyStore(properties, new DataDirectory(properties), clock);
    }

    private static SessionClaims claims(Instant now) {
        return new SessionClaims(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), now, now.plusSeconds(3600));
    }
}
