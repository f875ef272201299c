package dev.mcp.ambassador.downstream;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The last lines a downstream process wrote to stderr, kept for diagnosis and never logged raw:
 * stderr can carry whatever credentials the process was given.
 */
final class StderrTail {

    private static final int MAX_LINES = 50;
    private static final int MAX_LINE_LENGTH = 500;

    private final ArrayDeque<String> lines = new ArrayDeque<>();

    synchronized void add(String line) {
        if (lines.size() == MAX_LINES) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE_LENGTH ? line.substring(0, MAX_LINE_LENGTH) + "…" : line);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
