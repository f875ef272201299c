package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.redaction.Redactor;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;

/**
 * The last lines a downstream process wrote to stderr, kept for diagnosis and never logged raw:
 * stderr can carry whatever credentials the process was given, so every line passes the {@link
 * Redactor} with every value of the process's environment (its vault values among them) before it
 * is kept.
 */
final class StderrTail {

    private static final int MAX_LINES = 50;
    private static final int MAX_LINE_LENGTH = 500;

    /** Longer lines are skipped as they are read, never held whole. */
    static final int MAX_LINE_BYTES = 4096;

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final Redactor redactor;
    private final List<String> secrets;

    StderrTail(Redactor redactor, Collection<String> secrets) {
        this.redactor = redactor;
        this.secrets = secrets.stream().distinct().toList();
    }

    synchronized void add(String line) {
        if (lines.size() == MAX_LINES) {
            lines.removeFirst();
        }
        // Redacted whole, before shortening, so no cut can leave part of a value behind.
        String redacted = redactor.text(line, secrets);
        lines.addLast(redacted.length() > MAX_LINE_LENGTH ? redacted.substring(0, MAX_LINE_LENGTH) + "…" : redacted);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
