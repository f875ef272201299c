package dev.mcp.ambassador.redaction;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place that decides what must not be written down: used for log lines, audit rows and
 * error messages alike. It masks
 *
 * <ul>
 *   <li>every value registered with {@link #remember} (credential values, configured secrets);
 *   <li>the ambassador's own tokens and keys ({@code amb_pk_…}, {@code amb_ak_…}, {@code amb_st_…});
 *   <li>bearer credentials, JWT-looking strings and long high-entropy strings;
 *   <li>in JSON, the whole value of any field named like a password, secret, token, key or
 *       credential.
 * </ul>
 *
 * Masking is one-way: the mask says that something was there, never what.
 */
@Component
public class Redactor {

    public static final String MASK = "[REDACTED]";

    /** Shorter strings are too common to mask wherever they appear. */
    private static final int MIN_REMEMBERED_LENGTH = 6;

    private static final Pattern AMBASSADOR_TOKEN = Pattern.compile("amb_(?:pk|ak|st)_[A-Za-z0-9_\\-.]+");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=\\-]{8,}");
    private static final Pattern JWT =
            Pattern.compile("eyJ[A-Za-z0-9_\\-]{4,}\\.[A-Za-z0-9_\\-]{4,}\\.[A-Za-z0-9_\\-]*");
    private static final Pattern LONG_WORD = Pattern.compile("[A-Za-z0-9+/_\\-=]{32,}");
    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i).*(pass(word|wd|phrase)?|secret|token|credential|authori[sz]ation|cookie|api[-_]?key|private[-_]?key"
                    + "|access[-_]?key|session[-_]?key|signing[-_]?key|master[-_]?key).*|(?i)(.*[-_])?key");

    private final Set<String> remembered = ConcurrentHashMap.newKeySet();

    /**
     * Registers a secret value to be masked wherever it appears from now on (a credential handed
     * to a downstream, a configured header value). Values shorter than six characters are ignored.
     */
    public void remember(String secret) {
        if (secret != null && secret.length() >= MIN_REMEMBERED_LENGTH) {
            remembered.add(secret);
        }
    }

    /** Forgets a value registered with {@link #remember}, once it is no longer used anywhere. */
    public void forget(String secret) {
        if (secret != null) {
            remembered.remove(secret);
        }
    }

    /** {@code text} with every secret-looking part masked; null stays null. */
    public String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : remembered) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        result = AMBASSADOR_TOKEN.matcher(result).replaceAll(MASK);
        result = BEARER.matcher(result).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + " " + MASK));
        result = JWT.matcher(result).replaceAll(MASK);
        return LONG_WORD.matcher(result).replaceAll(match -> highEntropy(match.group()) ? MASK : "$0");
    }

    /**
     * {@code text} with {@code secrets} masked as well as everything {@link #text(String)} masks:
     * for output of a process that was handed these values (a child's stderr). Values shorter than
     * six characters are left alone, as for {@link #remember}.
     */
    public String text(String text, Collection<String> secrets) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= MIN_REMEMBERED_LENGTH && result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return text(result);
    }

    /** A copy of {@code node} with secret-named fields and secret-looking strings masked. */
    public JsonNode json(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return JsonNodeFactory.instance.stringNode(text(node.asString()));
        }
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                copy.set(
                        field.getKey(),
                        secretName(field.getKey()) && !field.getValue().isNull()
                                ? JsonNodeFactory.instance.stringNode(MASK)
                                : json(field.getValue()));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> copy.add(json(item)));
            return copy;
        }
        return node.deepCopy();
    }

    /** True when a field of this name holds a secret whatever its value looks like. */
    public static boolean secretName(String name) {
        return SECRET_FIELD.matcher(name).matches();
    }

    /**
     * {@code text} safe for one log line: CR, LF and other control characters are escaped, so a
     * value a user chose (a username tried at login) cannot start a forged line. Also redacted.
     */
    public String forLog(String text) {
        return escape(text(text));
    }

    /**
     * {@code error} ready to be logged with its stack trace: a copy whose messages, and its causes'
     * messages, are redacted and escaped. An exception's message may quote what a user sent or what
     * a downstream answered.
     */
    public Throwable forLog(Throwable error) {
        return redacted(error, 0);
    }

    private Throwable redacted(Throwable error, int depth) {
        String message = error.getMessage() == null
                ? error.getClass().getName()
                : error.getClass().getName() + ": " + forLog(error.getMessage());
        Throwable cause = error.getCause();
        RedactedException copy = new RedactedException(
                message, cause != null && cause != error && depth < 8 ? redacted(cause, depth + 1) : null);
        copy.setStackTrace(error.getStackTrace());
        return copy;
    }

    /** Stands in for a logged exception; prints as the original's class and redacted message. */
    private static final class RedactedException extends RuntimeException {

        RedactedException(String message, Throwable cause) {
            super(message, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** Control characters (CR, LF, tab, …) written as visible escapes; null is written as null. */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> escaped.append("\\r");
                case '\n' -> escaped.append("\\n");
                case '\t' -> escaped.append("\\t");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /**
     * Random-looking: enough distinct symbols per character that it is unlikely to be a word,
     * a path or a hex id. Hex (at most 4 bits per character) is left alone: ids and hashes.
     */
    static boolean highEntropy(String word) {
        int[] counts = new int[128];
        for (int i = 0; i < word.length(); i++) {
            counts[word.charAt(i) & 0x7f]++;
        }
        double entropy = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / word.length();
                entropy -= p * (Math.log(p) / Math.log(2));
            }
        }
        return entropy > 4.2;
    }
}
