package dev.mcp.ambassador.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The vault's barrier, after Vault's MoveIntegrity test: a ciphertext opens only where it was sealed. */
class VaultCipherTests {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CANARY = "canary-3f9e1c7a".getBytes(StandardCharsets.UTF_8);
    private static final VaultCipher.Address ALICE_TOKEN = new VaultCipher.Address("user:alice", "github", "token");

    private final byte[] master = random(32);
    private final byte[] aliceSalt = random(32);
    private final VaultCipher cipher = new VaultCipher(master);

    @Test
    void openWhenSealedAtTheSameAddressThenPlaintextComesBack() {
        byte[] sealed = cipher.seal(aliceSalt, ALICE_TOKEN, CANARY);

        assertThat(cipher.open(aliceSalt, ALICE_TOKEN, sealed)).isEqualTo(CANARY);
    }

    @Test
    void sealWhenCalledTwiceThenDifferentCiphertextsWithoutThePlaintext() {
        byte[] first = cipher.seal(aliceSalt, ALICE_TOKEN, CANARY);
        byte[] second = cipher.seal(aliceSalt, ALICE_TOKEN, CANARY);

        assertThat(first).isNotEqualTo(second);
        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("canary");
        assertThat(first[0]).isEqualTo(VaultCipher.VERSION);
    }

    @Test
    void openWhenMovedToAnotherOwnerThenFails() {
        byte[] sealed = cipher.seal(aliceSalt, ALICE_TOKEN, CANARY);

        // Same salt, so only the address differs.
        assertThatThrownBy(() -> cipher.open(aliceSalt, new VaultCipher.Address("user:bob", "github", "token"), sealed))
                .isInstanceOf(VaultException.class);
    }

    @Test
    void openWhenMovedToAnotherServerOrNameThenFails() {
        byte[] sealed = cipher.seal(aliceSalt, ALICE_TOKEN, CANARY);

        assertThatThrownBy(
                        () -> cipher.open(aliceSalt, new VaultCipher.Address("user:alice", "gitlab", "token"), sealed))
                .isInstanceOf(VaultException.class);
        assertThatThrownBy(() ->
                        cipher.open(aliceSalt, new VaultCipher.Address("user:alice", "github", "password"), sealed))
                .isInstanceOf(VaultException.class);
    }

    @Test
    void openWhenAnotherOwnersSaltThenFails() {
        byte[] sealed = cipher.seal(aliceSalt, ALICE_TOKEN, CANARY);

        assertThatThrownBy(() -> cipher.open(random(32), ALICE_TOKEN, sealed)).isInstanceOf(VaultException.class);
    }

    @Test
    void openWhenWrongMasterKeyThenFails() {
        byte[] sealed = cipher.seal(aliceSalt, ALICE_TOKEN, CANARY);

        try (VaultCipher other = new VaultCipher(random(32))) {
            assertThat(other.sealedByThisKey(sealed)).isFalse();
            assertThatThrownBy(() -> other.open(aliceSalt, ALICE_TOKEN, sealed)).isInstanceOf(VaultException.class);
        }
    }

    @Test
    void openWhenHeaderKeyIdIsForgedThenStillFails() {
        byte[] sealed = cipher.seal(aliceSalt, ALICE_TOKEN, CANARY);
        try (VaultCipher other = new VaultCipher(random(32))) {
            // Claiming the other key's id gets past the header check but not the tag.
            System.arraycopy(other.keyId(), 0, sealed, 1, VaultCipher.KEY_ID_LENGTH);
            assertThatThrownBy(() -> other.open(aliceSalt, ALICE_TOKEN, sealed)).isInstanceOf(VaultException.class);
        }
    }

    @Test
    void openWhenOneBitFlippedThenFails() {
        byte[] sealed = cipher.seal(aliceSalt, ALICE_TOKEN, CANARY);
        sealed[sealed.length - 1] ^= 1;

        assertThatThrownBy(() -> cipher.open(aliceSalt, ALICE_TOKEN, sealed)).isInstanceOf(VaultException.class);
    }

    @Test
    void openWhenUnknownVersionThenFails() {
        byte[] sealed = cipher.seal(aliceSalt, ALICE_TOKEN, CANARY);
        sealed[0] = 2;

        assertThatThrownBy(() -> cipher.open(aliceSalt, ALICE_TOKEN, sealed))
                .isInstanceOf(VaultException.class)
                .hasMessageNotContaining("canary");
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
