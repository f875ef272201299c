package dev.mcp.ambassador.cli.connect;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The host application's stdin, seen from the bridge: one JSON-RPC message per line and nothing
 * else, written whole by one thread at a time.
 */
final class HostOutput {

    private final OutputStream out;
    private final JsonMapper json;

    HostOutput(OutputStream out, JsonMapper json) {
        this.out = out;
        this.json = json;
    }

    /** Passes a message on as the server wrote it, unless it spans lines (then compacted). */
    void send(String message) {
        String line = message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0
                ? json.readTree(message).toString()
                : message;
        write(line);
    }

    void send(JsonNode message) {
        write(message.toString());
    }

    /** A JSON-RPC error answering the host's request {@code id}. */
    void error(JsonNode id, int code, String message) {
        ObjectNode error = json.createObjectNode();
        error.put("jsonrpc", "2.0");
        error.set("id", id == null ? json.nullNode() : id);
        ObjectNode body = error.putObject("error");
        body.put("code", code);
        body.put("message", message);
        write(error.toString());
    }

    private synchronized void write(String line) {
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the host closed its end", e);
        }
    }
}
