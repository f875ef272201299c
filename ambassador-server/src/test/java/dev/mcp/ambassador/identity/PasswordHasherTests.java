package dev.mcp.ambassador.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import org.junit.jupiter.api.Test;

class PasswordHasherTests {

    private final PasswordHasher hasher = TestPasswordHashers.create();

    @Test
    void verifyWhenSameSecretThenTrueAndOtherwiseFalse() {
        String hash = hasher.hash("Quiet-harbour-lanterns".toCharArray());

        assertThat(hash).startsWith("$argon2id$").doesNotContain("Quiet-harbour-lanterns");
        assertThat(hasher.verify("Quiet-harbour-lanterns".toCharArray(), hash)).isTrue();
        assertThat(hasher.verify("quiet-harbour-lanterns".toCharArray(), hash)).isFalse();
    }

    @Test
    void verifyWhenHashMalformedOrMissingThenFalse() {
        assertThat(hasher.verify("anything".toCharArray(), "$argon2id$garbage")).isFalse();
        assertThat(hasher.verify("anything".toCharArray(), null)).isFalse();
    }

    @Test
    void needsRehashWhenMadeWithWeakerParametersThenTrueButStillVerifies() {
        Argon2Function weaker = Argon2Function.getInstance(4096, 1, 1, 32, Argon2.ID, 19);
        String old = Password.hash("Quiet-harbour-lanterns")
                .addRandomSalt(16)
                .with(weaker)
                .getResult();

        assertThat(hasher.verify("Quiet-harbour-lanterns".toCharArray(), old)).isTrue();
        assertThat(hasher.needsRehash(old)).isTrue();
    }

    @Test
    void needsRehashWhenCurrentParametersThenFalse() {
        assertThat(hasher.needsRehash(hasher.hash("Quiet-harbour-lanterns".toCharArray())))
                .isFalse();
        assertThat(hasher.needsRehash("$2a$10$notargon")).isTrue();
    }
}
