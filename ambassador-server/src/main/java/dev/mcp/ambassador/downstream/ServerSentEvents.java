package dev.mcp.ambassador.downstream;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a {@code text/event-stream} body one event at a time, as the HTML standard defines the
 * format: {@code data:} lines are joined with newlines, a blank line ends an event, lines starting
 * with {@code :} are comments. Only what an MCP client needs is kept: the event type, its id and
 * its data. Lines and events over the size limit are skipped: a server cannot make the ambassador
 * hold an endless line in memory.
 */
final class ServerSentEvents {

    /** One event; {@code type} is {@code message} unless the server named another. */
    record Event(String type, String id, String data) {}

    private final BoundedLines lines;
    private final int limit;

    ServerSentEvents(InputStream body) {
        this(body, JsonRpcSession.MAX_MESSAGE_BYTES);
    }

    /** Events whose data would exceed {@code limit} bytes are skipped, never held whole. */
    ServerSentEvents(InputStream body, int limit) {
        this.lines = new BoundedLines(body, limit);
        this.limit = limit;
    }

    /** The next event with data, or null when the stream has ended. */
    Event next() throws IOException {
        String type = null;
        String id = null;
        StringBuilder data = null;
        boolean tooLong = false;
        for (BoundedLines.Line next = lines.next(); !(next instanceof BoundedLines.Line.End); next = lines.next()) {
            if (next instanceof BoundedLines.Line.TooLong) {
                tooLong = true;
                continue;
            }
            String line = ((BoundedLines.Line.Text) next).value();
            if (line.isEmpty()) {
                if (data != null && !tooLong) {
                    return new Event(type == null || type.isEmpty() ? "message" : type, id, data.toString());
                }
                type = null;
                data = null;
                tooLong = false;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type = value;
                case "id" -> id = value;
                case "data" -> {
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                    if (data.length() > limit) {
                        tooLong = true;
                        data.setLength(0);
                    }
                }
                default -> {
                    // retry and unknown fields mean nothing to this client
                }
            }
        }
        return null;
    }
}
