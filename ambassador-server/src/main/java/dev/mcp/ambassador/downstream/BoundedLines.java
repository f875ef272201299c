package dev.mcp.ambassador.downstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads newline-delimited messages without trusting the writer: a line longer than the limit is
 * skipped to its end rather than held in memory, so a server that never writes a newline cannot
 * exhaust the ambassador's memory.
 */
final class BoundedLines {

    /** The result of one read: a line, a line that was too long (and skipped), or the end. */
    sealed interface Line {
        record Text(String value) implements Line {}

        record TooLong(long length) implements Line {}

        record End() implements Line {}
    }

    private final InputStream in;
    private final int limit;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int filled;

    BoundedLines(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long length = 0;
        boolean tooLong = false;
        while (true) {
            if (position == filled) {
                filled = in.read(buffer);
                position = 0;
                if (filled <= 0) {
                    filled = 0;
                    if (length == 0) {
                        return new Line.End();
                    }
                    return tooLong ? new Line.TooLong(length) : text(line);
                }
            }
            int start = position;
            while (position < filled && buffer[position] != '\n') {
                position++;
            }
            int count = position - start;
            length += count;
            if (!tooLong) {
                if (length > limit) {
                    tooLong = true;
                    line.reset();
                } else {
                    line.write(buffer, start, count);
                }
            }
            if (position < filled) {
                position++; // the newline
                return tooLong ? new Line.TooLong(length) : text(line);
            }
        }
    }

    private static Line text(ByteArrayOutputStream line) {
        String value = line.toString(StandardCharsets.UTF_8);
        return new Line.Text(value.endsWith("\r") ? value.substring(0, value.length() - 1) : value);
    }
}
