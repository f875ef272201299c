package dev.mcp.ambassador.downstream;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;

/**
 * The last lines a downstream process wrote to stderr, kept for diagnosis and never logged raw:
 * stderr can carry whatever credentials the process was given, so every value of its environment
 * (eight characters or longer) is replaced by {@code [redacted]} before a line is kept.
 */
final class StderrTail {

    private static final int MAX_LINES = 50;
    private static final int MAX_LINE_LENGTH = 500;

    /** Longer lines are skipped as they are read, never held whole. */
    static final int MAX_LINE_BYTES = 4096;

    static final int MIN_REDACTED_LENGTH = 8;

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final List<String> secrets;

    StderrTail(Collection<String> secrets) {
        this.secrets = secrets.stream()
                .filter(secret -> secret.length() >= MIN_REDACTED_LENGTH)
                .distinct()
                .toList();
    }

    synchronized void add(String line) {
        if (lines.size() == MAX_LINES) {
            lines.removeFirst();
        }
        // Redacted whole, before shortening, so no cut can leave part of a value behind.
        String redacted = line;
        for (String secret : secrets) {
            redacted = redacted.replace(secret, "[redacted]");
        }
        lines.addLast(redacted.length() > MAX_LINE_LENGTH ? redacted.substring(0, MAX_LINE_LENGTH) + "…" : redacted);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
