package dev.mcp.ambassador.routing;

import dev.mcp.ambassador.cluster.ReplicaIdentity;
import dev.mcp.ambassador.session.SigningKeyStore;
import dev.mcp.ambassador.session.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The header that marks a request as forwarded by another replica to the owner of its MCP session:
 * {@code Ambassador-Forwarded: v1 <epoch second> <host> <client address> <MAC>}, the host and
 * address in base64url. The MAC is HMAC-SHA256, under a key derived from the shared session secret,
 * over the method, path, session id, time, host, client address and the replica it is meant for, so
 * it cannot be moved to another request, another session or another replica, and is refused outside
 * {@link #WINDOW} of its time. It grants nothing but belief in the two values it carries: the
 * {@code Host} and the client address the forwarding replica saw. The caller's own token travels
 * with the request and is checked by the owner as on any request.
 */
@Component
public class InternalHop {

    public static final String HEADER = "Ambassador-Forwarded";
    static final String PURPOSE = "mcpambassador-replica-forwarding-v1";
    static final Duration WINDOW = Duration.ofSeconds(30);
    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** What the forwarding replica saw of the client's request. */
    public record Forwarded(String host, String client) {}

    private final Supplier<SigningKeys> keys;
    private final UUID self;
    private final Clock clock;

    @Autowired
    InternalHop(SigningKeyStore keys, ReplicaIdentity identity, Clock clock) {
        this(keys::keys, identity.id(), clock);
    }

    InternalHop(Supplier<SigningKeys> keys, UUID self, Clock clock) {
        this.keys = keys;
        this.self = self;
        this.clock = clock;
    }

    /** The header value for a request forwarded to replica {@code target}. */
    String sign(String method, String path, String sessionId, Forwarded seen, UUID target) {
        long time = clock.instant().getEpochSecond();
        byte[] mac = mac(keys.get().derived(PURPOSE).getFirst(), input(method, path, sessionId, time, seen, target));
        return String.join(
                " ",
                VERSION,
                Long.toString(time),
                encode(seen.host()),
                encode(seen.client()),
                ENCODER.encodeToString(mac));
    }

    /**
     * What the header says, when it is genuine, meant for this replica, for this very request, and
     * recent; otherwise empty.
     */
    Optional<Forwarded> verify(String header, String method, String path, String sessionId) {
        String[] parts = header.strip().split(" ");
        if (parts.length != 5 || !VERSION.equals(parts[0]) || sessionId == null) {
            return Optional.empty();
        }
        try {
            long time = Long.parseLong(parts[1]);
            Duration age = Duration.between(Instant.ofEpochSecond(time), clock.instant());
            if (age.abs().compareTo(WINDOW) > 0) {
                return Optional.empty();
            }
            Forwarded seen = new Forwarded(decode(parts[2]), decode(parts[3]));
            byte[] presented = DECODER.decode(parts[4]);
            byte[] input = input(method, path, sessionId, time, seen, self);
            boolean genuine = false;
            for (SecretKeySpec key : keys.get().derived(PURPOSE)) {
                genuine |= MessageDigest.isEqual(mac(key, input), presented);
            }
            return genuine ? Optional.of(seen) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] input(String method, String path, String sessionId, long time, Forwarded seen, UUID target) {
        // Length-prefixed, so no field can borrow characters from its neighbour.
        StringBuilder input = new StringBuilder(VERSION);
        for (String field : new String[] {
            method, path, sessionId, Long.toString(time), seen.host(), seen.client(), target.toString()
        }) {
            input.append('\n').append(field.length()).append(':').append(field);
        }
        return input.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mac(SecretKeySpec key, byte[] input) {
        try {
            Mac mac = Mac.getInstance(key.getAlgorithm());
            mac.init(key);
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String value) {
        return new String(DECODER.decode(value), StandardCharsets.UTF_8);
    }
}
