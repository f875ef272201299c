package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.ratelimit.FailureThrottle;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * API keys recently accepted from a client, so that a burst of requests with a key that client has
 * already proven it holds is not throttled as if each were a guess (see
 * {@link FailureThrottle#tryBeginKnown}). Only a MAC of key and client is kept, under a key made at
 * start and held only in memory, so the map names no key; an entry is added only after the key was
 * accepted, so a guesser cannot grow the map.
 */
@Component
class AcceptedApiKeys {

    /** As long as the window of {@link ApiKeyThrottle}. */
    static final Duration REMEMBERED = ApiKeyThrottle.WINDOW;

    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, Instant> accepted = new ConcurrentHashMap<>();
    private final SecretKeySpec macKey;
    private final Clock clock;

    AcceptedApiKeys(Clock clock) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.macKey = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
    }

    /** Whether {@code apiKey} was accepted from {@code client} within {@link #REMEMBERED}. */
    boolean knows(String client, String apiKey) {
        Instant until = accepted.get(entry(client, apiKey));
        return until != null && clock.instant().isBefore(until);
    }

    void accepted(String client, String apiKey) {
        Instant now = clock.instant();
        if (accepted.size() >= MAX_ENTRIES) {
            accepted.values().removeIf(until -> !now.isBefore(until));
            if (accepted.size() >= MAX_ENTRIES) {
                return; // the throttle then simply counts as it would without this shortcut
            }
        }
        accepted.put(entry(client, apiKey), now.plus(REMEMBERED));
    }

    /** Forgets a key that was refused (revoked, expired, its owner disabled). */
    void refused(String client, String apiKey) {
        accepted.remove(entry(client, apiKey));
    }

    private String entry(String client, String apiKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(macKey);
            mac.update(String.valueOf(client).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(apiKey.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
