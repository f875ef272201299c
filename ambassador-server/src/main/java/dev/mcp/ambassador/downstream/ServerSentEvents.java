package dev.mcp.ambassador.downstream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} body one event at a time, as the HTML standard defines the
 * format: {@code data:} lines are joined with newlines, a blank line ends an event, lines starting
 * with {@code :} are comments. Only what an MCP client needs is kept: the event type, its id and
 * its data.
 */
final class ServerSentEvents {

    /** One event; {@code type} is {@code message} unless the server named another. */
    record Event(String type, String id, String data) {}

    private final BufferedReader reader;

    ServerSentEvents(InputStream body) {
        this.reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    /** The next event with data, or null when the stream has ended. */
    Event next() throws IOException {
        String type = null;
        String id = null;
        StringBuilder data = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return new Event(type == null || type.isEmpty() ? "message" : type, id, data.toString());
                }
                type = null;
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
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                default -> {
                    // retry and unknown fields mean nothing to this client
                }
            }
        }
        return null;
    }
}
