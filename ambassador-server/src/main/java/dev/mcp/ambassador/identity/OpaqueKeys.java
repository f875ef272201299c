package dev.mcp.ambassador.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Bearer keys the ambassador hands out ({@code amb_pk_}, {@code amb_ak_}): a kind prefix and 256
 * random bits in base64url. They are stored only as a lookup prefix (the first characters of the
 * random part, enough to find the row but useless as a secret) and an Argon2id hash.
 */
public final class OpaqueKeys {

    public static final String PRESHARED_KEY = "amb_pk_";
    public static final String API_KEY = "amb_ak_";
    static final int LOOKUP_PREFIX_LENGTH = 8;
    private static final int RANDOM_BYTES = 32;
    private static final int ENCODED_LENGTH = 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpaqueKeys() {}

    /** A newly generated key of the given kind, with its lookup prefix. */
    public static Generated generate(String kind) {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        String key = kind + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Generated(key, key.substring(kind.length(), kind.length() + LOOKUP_PREFIX_LENGTH));
    }

    /** The lookup prefix of a well-formed key of {@code kind}, or empty for anything else. */
    public static Optional<String> lookupPrefix(String kind, String candidate) {
        if (candidate == null || candidate.length() != kind.length() + ENCODED_LENGTH || !candidate.startsWith(kind)) {
            return Optional.empty();
        }
        for (int i = kind.length(); i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            boolean base64url =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!base64url) {
                return Optional.empty();
            }
        }
        return Optional.of(candidate.substring(kind.length(), kind.length() + LOOKUP_PREFIX_LENGTH));
    }

    /** A key as shown once to its owner, and the prefix stored beside its hash. */
    public record Generated(String key, String prefix) {
        @Override
        public String toString() {
            return "Generated[prefix=" + prefix + "]";
        }
    }
}
