package dev.mcp.ambassador.routing;

import dev.mcp.ambassador.cluster.ReplicaIdentity;
import dev.mcp.ambassador.session.SigningKeyStore;
import dev.mcp.ambassador.session.SigningKeys;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * MCP session ids ({@code Mcp-Session-Id}) that name, unforgeably, the replica that owns the
 * session: base64url of the owner's replica id (16 bytes), 24 random bytes, and the first 16 bytes
 * of HMAC-SHA256 over both with a key derived from the shared session secret. Every replica holding
 * that secret can tell an id's owner and refuses an id that was altered or made up, so a request is
 * never forwarded on the word of the client alone.
 *
 * <p>Ids are minted with the current secret and verified with the current and previous ones; an id
 * minted under a secret that was retired since verifies no more, and its client initializes again.
 */
@Component
public class SessionIds {

    static final String PURPOSE = "mcpambassador-mcp-session-owner-v1";
    private static final int OWNER_BYTES = 16;
    private static final int RANDOM_BYTES = 24;
    private static final int MAC_BYTES = 16;
    private static final int LENGTH = OWNER_BYTES + RANDOM_BYTES + MAC_BYTES;

    private final SecureRandom random = new SecureRandom();
    private final Supplier<SigningKeys> keys;
    private final UUID self;

    @Autowired
    SessionIds(SigningKeyStore keys, ReplicaIdentity identity) {
        this(keys::keys, identity.id());
    }

    SessionIds(Supplier<SigningKeys> keys, UUID self) {
        this.keys = keys;
        this.self = self;
    }

    /** A new id for a session this replica owns. */
    public String mint() {
        ByteBuffer id = ByteBuffer.allocate(LENGTH);
        id.putLong(self.getMostSignificantBits()).putLong(self.getLeastSignificantBits());
        byte[] nonce = new byte[RANDOM_BYTES];
        random.nextBytes(nonce);
        id.put(nonce);
        byte[] body = Arrays.copyOf(id.array(), OWNER_BYTES + RANDOM_BYTES);
        id.put(mac(keys.get().derived(PURPOSE).getFirst(), body));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.array());
    }

    /** The replica that owns the session {@code id} names; empty when the id is malformed or not genuine. */
    public Optional<UUID> owner(String id) {
        if (id == null || id.length() > 2 * LENGTH) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != LENGTH) {
            return Optional.empty();
        }
        byte[] body = Arrays.copyOf(bytes, OWNER_BYTES + RANDOM_BYTES);
        byte[] presented = Arrays.copyOfRange(bytes, OWNER_BYTES + RANDOM_BYTES, LENGTH);
        boolean genuine = false;
        for (SecretKeySpec key : keys.get().derived(PURPOSE)) {
            // Every key is tried, so the time taken does not tell which one matched.
            genuine |= MessageDigest.isEqual(mac(key, body), presented);
        }
        if (!genuine) {
            return Optional.empty();
        }
        ByteBuffer owner = ByteBuffer.wrap(bytes, 0, OWNER_BYTES);
        return Optional.of(new UUID(owner.getLong(), owner.getLong()));
    }

    /** This replica's id, the owner of every session it mints. */
    public UUID self() {
        return self;
    }

    private static byte[] mac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(key.getAlgorithm());
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(body), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
