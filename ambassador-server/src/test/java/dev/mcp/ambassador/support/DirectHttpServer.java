package dev.mcp.ambassador.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * server-everything running as a Streamable HTTP server on a free loopback port: the remote
 * downstream the ambassador brokers to, and the reference its answers are compared against when
 * called directly with {@link #request}. It introduces itself with the same client capabilities as
 * the ambassador, since servers offer some tools only to such clients.
 */
public final class DirectHttpServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ACCEPT = "application/json, text/event-stream";

    private final int port;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicInteger ids = new AtomicInteger(100);
    private Process process;
    private String session;

    private DirectHttpServer(int port) {
        this.port = port;
    }

    /** Starts the server and waits until its port answers. */
    public static DirectHttpServer start() {
        DirectHttpServer server = new DirectHttpServer(freePort());
        server.launch();
        return server;
    }

    /** The MCP endpoint, e.g. {@code http://127.0.0.1:41234/mcp}. */
    public String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    /** Stops the process and starts a new one on the same port: every session is forgotten. */
    public void restart() {
        stop();
        launch();
        session = null;
    }

    /** Sends a request in this class's own session (opened on first use) and returns the response. */
    public JsonNode request(String method, JsonNode params) {
        if (session == null) {
            HttpResponse<String> init = post(
                    null,
                    JSON.readTree(
                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                                    + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"roots\":{\"listChanged\":true},"
                                    + "\"sampling\":{},\"elicitation\":{}},\"clientInfo\":{\"name\":\"direct\",\"version\":\"1\"}}}"));
            session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            post(session, JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
        }
        int id = ids.incrementAndGet();
        ObjectNode message =
                JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        message.set("params", params);
        HttpResponse<String> response = post(session, message);
        return responseWithId(response, id);
    }

    @Override
    public void close() {
        stop();
    }

    private HttpResponse<String> post(String sessionId, JsonNode message) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url()))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", ACCEPT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(message)));
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-11-25");
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The response with {@code id} from a JSON body or an event stream. */
    private static JsonNode responseWithId(HttpResponse<String> response, int id) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json")) {
            return JSON.readTree(response.body());
        }
        for (String event : response.body().split("\r?\n\r?\n")) {
            StringBuilder data = new StringBuilder();
            event.lines()
                    .filter(line -> line.startsWith("data:"))
                    .forEach(line -> data.append(line.substring(5).strip()));
            if (data.isEmpty()) {
                continue;
            }
            JsonNode message = JSON.readTree(data.toString());
            if (message.path("id").asInt(-1) == id && !message.has("method")) {
                return message;
            }
        }
        throw new IllegalStateException("No response with id " + id + " in: " + response.body());
    }

    private void launch() {
        ProcessBuilder builder = new ProcessBuilder("node", TestAdmin.SERVER_EVERYTHING.toString(), "streamableHttp")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(Map.of("PORT", Integer.toString(port)));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server-everything exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                sleep();
            }
        }
        stop();
        throw new IllegalStateException("server-everything did not listen on port " + port + " within 30 s");
    }

    private void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
