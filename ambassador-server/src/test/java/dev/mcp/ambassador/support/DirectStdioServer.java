package dev.mcp.ambassador.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A downstream MCP server spoken to directly over stdio, without the ambassador: the reference the
 * brokered answers are compared against. It introduces itself as a client with roots, sampling and
 * elicitation, as the ambassador does, since servers offer some tools only to such clients.
 */
public final class DirectStdioServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final Writer stdin;
    private final BufferedReader stdout;
    private final AtomicInteger ids = new AtomicInteger(100);

    public DirectStdioServer(List<String> command) {
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        request(
                "initialize",
                JSON.readTree("{\"protocolVersion\":\"2025-11-25\","
                        + "\"capabilities\":{\"roots\":{\"listChanged\":true},\"sampling\":{},\"elicitation\":{}},"
                        + "\"clientInfo\":{\"name\":\"direct\",\"version\":\"1\"}}"));
        write(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
    }

    /** Sends a request and returns the whole response, skipping notifications in between. */
    public JsonNode request(String method, JsonNode params) {
        int id = ids.incrementAndGet();
        ObjectNode message =
                JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        write(message);
        try {
            String line;
            while ((line = stdout.readLine()) != null) {
                JsonNode reply = JSON.readTree(line);
                if (reply.path("id").asInt(-1) == id && !reply.has("method")) {
                    return reply;
                }
            }
            throw new IllegalStateException("The server exited before answering " + method);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(JsonNode message) {
        try {
            stdin.write(JSON.writeValueAsString(message));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
