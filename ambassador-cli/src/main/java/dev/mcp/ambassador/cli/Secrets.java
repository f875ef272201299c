package dev.mcp.ambassador.cli;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * Masks secrets in text meant for people: every ambassador key or token ({@code amb_pk_},
 * {@code amb_st_}, {@code amb_ak_}) by its shape, and any value registered here verbatim. Every
 * diagnostic the CLI writes goes through {@link #mask(String)}.
 */
public final class Secrets {

    private static final Pattern TOKENS = Pattern.compile("amb_(pk|st|ak)_[A-Za-z0-9._~+/=-]+");
    private static final Set<String> KNOWN = new CopyOnWriteArraySet<>();

    private Secrets() {}

    /** Remembers a secret so that it is masked wherever it appears, whatever its shape. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 4) {
            KNOWN.add(secret);
        }
    }

    /** The text with every known secret and every ambassador key or token replaced by a mask. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : KNOWN) {
            masked = masked.replace(secret, "****");
        }
        return TOKENS.matcher(masked).replaceAll("amb_$1_****");
    }
}
