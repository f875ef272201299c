package dev.mcp.ambassador.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.session.SigningKeys;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionIdsTests {

    private static final byte[] SECRET = "a shared session secret of 32+ bytes".getBytes();
    private static final byte[] OTHER_SECRET = "another session secret, 32+ bytes long".getBytes();

    private final UUID replicaA = UUID.randomUUID();
    private final UUID replicaB = UUID.randomUUID();
    private final SessionIds onA = new SessionIds(() -> SigningKeys.of(SECRET), replicaA);
    private final SessionIds onB = new SessionIds(() -> SigningKeys.of(SECRET), replicaB);

    @Test
    void ownerWhenMintedByAnotherReplicaWithTheSameSecretThenNamesIt() {
        String id = onA.mint();

        assertThat(onB.owner(id)).contains(replicaA);
        assertThat(onA.owner(id)).contains(replicaA);
    }

    @Test
    void mintWhenCalledTwiceThenIdsDiffer() {
        assertThat(onA.mint()).isNotEqualTo(onA.mint());
    }

    @Test
    void ownerWhenTheOwnerPartIsReplacedThenRefused() {
        byte[] id = Base64.getUrlDecoder().decode(onA.mint());
        byte[] forged = id.clone();
        // Claim B as owner while keeping A's random part and MAC.
        byte[] b = Base64.getUrlDecoder().decode(onB.mint());
        System.arraycopy(b, 0, forged, 0, 16);

        assertThat(onA.owner(Base64.getUrlEncoder().withoutPadding().encodeToString(forged)))
                .isEmpty();
    }

    @Test
    void ownerWhenAnyByteIsAlteredThenRefused() {
        byte[] id = Base64.getUrlDecoder().decode(onA.mint());
        for (int i = 0; i < id.length; i++) {
            byte[] altered = id.clone();
            altered[i] ^= 1;
            assertThat(onB.owner(Base64.getUrlEncoder().withoutPadding().encodeToString(altered)))
                    .as("byte %d altered", i)
                    .isEmpty();
        }
    }

    @Test
    void ownerWhenMintedWithAnotherSecretThenRefused() {
        SessionIds elsewhere = new SessionIds(() -> SigningKeys.of(OTHER_SECRET), replicaB);

        assertThat(onA.owner(elsewhere.mint())).isEmpty();
    }

    @Test
    void ownerWhenMintedBeforeARotationThenStillVerifiesWithThePreviousSecret() {
        String before = onA.mint();
        SessionIds rotated = new SessionIds(() -> SigningKeys.of(OTHER_SECRET, List.of(SECRET)), replicaB);

        assertThat(rotated.owner(before)).contains(replicaA);
        assertThat(onA.owner(rotated.mint())).isEmpty();
    }

    @Test
    void ownerWhenMalformedThenRefused() {
        assertThat(onA.owner(null)).isEmpty();
        assertThat(onA.owner("")).isEmpty();
        assertThat(onA.owner("not base64 at all!")).isEmpty();
        assertThat(onA.owner(onA.mint().substring(4))).isEmpty();
        assertThat(onA.owner(onA.mint() + "AAAA")).isEmpty();
        assertThat(onA.owner("x".repeat(10_000))).isEmpty();
    }
}
