package dev.mcp.ambassador.cli.connect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} (the HTML living standard's format): hands each event's data
 * and id to the consumer as the event ends. Events without data (such as priming events that only
 * carry an id) are not handed on, but their id is.
 */
final class ServerSentEvents {

    interface Consumer {
        /** One event; {@code data} is null for an event without data. */
        void event(String id, String data) throws IOException;
    }

    private ServerSentEvents() {}

    /** Reads until the stream ends. */
    static void read(InputStream stream, Consumer consumer) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        StringBuilder data = null;
        String id = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null || id != null) {
                    consumer.event(id, data == null ? null : data.toString());
                }
                data = null;
                id = null;
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
                case "data" ->
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                case "id" -> id = value;
                default -> {
                    // event type and retry carry nothing the bridge needs
                }
            }
        }
        if (data != null) {
            consumer.event(id, data.toString());
        }
    }
}
