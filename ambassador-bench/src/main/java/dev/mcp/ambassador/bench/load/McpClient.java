package dev.mcp.ambassador.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One MCP session over Streamable HTTP, as a client speaks it: {@code initialize} (taking the
 * {@code Mcp-Session-Id} and the negotiated version), {@code notifications/initialized}, then
 * requests that carry both headers, answers read as JSON or as an event stream, and {@code DELETE}
 * at the end. Requests may be sent concurrently.
 */
public final class McpClient implements AutoCloseable {

    static final String VERSION = "2025-11-25";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;
    private final AtomicLong ids = new AtomicLong();
    private String session;
    private String version;

    private McpClient(HttpClient http, URI endpoint, String bearer) {
        this.http = http;
        this.endpoint = endpoint;
        this.authorization = bearer == null ? null : "Bearer " + bearer;
    }

    /** Where this session lives. */
    URI endpoint() {
        return endpoint;
    }

    /** Opens a session: {@code initialize}, then {@code notifications/initialized}. */
    public static McpClient open(HttpClient http, URI endpoint, String bearer) {
        McpClient client = new McpClient(http, endpoint, bearer);
        client.initialize();
        return client;
    }

    private void initialize() {
        HttpResponse<String> response = send(
                """
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"%s","capabilities":{},\
                "clientInfo":{"name":"ambassador-bench","version":"1"}}}"""
                        .formatted(VERSION));
        JsonNode answer = answerTo(response, 0);
        session = response.headers().firstValue("Mcp-Session-Id").orElse(null);
        version = answer.path("protocolVersion").asString(VERSION);
        HttpResponse<String> initialized = send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        if (initialized.statusCode() / 100 != 2) {
            throw new CallFailed("notifications/initialized answered HTTP " + initialized.statusCode());
        }
    }

    /**
     * Sends one request and returns its {@code result}.
     *
     * @param paramsJson the request's {@code params}, already serialized
     * @throws CallFailed on a transport failure, a non-2xx status, a JSON-RPC error or a tool
     *     result with {@code isError}
     */
    public JsonNode request(String method, String paramsJson) {
        long id = ids.incrementAndGet();
        String body =
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
        JsonNode result = answerTo(send(body), id);
        if (result.path("isError").asBoolean(false)) {
            throw new CallFailed("the tool answered isError: " + result);
        }
        return result;
    }

    /** Ends the session with {@code DELETE}; best effort. */
    @Override
    public void close() {
        if (session == null) {
            return;
        }
        try {
            http.send(base().DELETE().build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // The session ends by idling out instead.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> send(String body) {
        HttpRequest request = base().header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CallFailed(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed("interrupted");
        }
    }

    private HttpRequest.Builder base() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(TIMEOUT)
                .header("Accept", "application/json, text/event-stream");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        if (version != null) {
            builder.header("MCP-Protocol-Version", version);
        }
        return builder;
    }

    /** The {@code result} of the response with {@code id}, from a JSON body or an event stream. */
    static JsonNode answerTo(HttpResponse<String> response, long id) {
        if (response.statusCode() != 200) {
            throw new CallFailed("HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode message = type.startsWith("text/event-stream")
                ? fromEventStream(response.body(), id)
                : JSON.readTree(response.body());
        if (message == null || message.path("id").asLong(-1) != id) {
            throw new CallFailed("no response with id " + id + ": " + abbreviate(response.body()));
        }
        if (message.has("error")) {
            throw new CallFailed("JSON-RPC error " + message.get("error"));
        }
        return message.path("result");
    }

    /** The response with {@code id} among the events; progress and other messages are skipped. */
    static JsonNode fromEventStream(String body, long id) {
        for (String event : body.split("\r?\n\r?\n")) {
            StringBuilder data = new StringBuilder();
            event.lines()
                    .filter(line -> line.startsWith("data:"))
                    .forEach(line -> data.append(line.substring(5).strip()));
            if (data.isEmpty()) {
                continue;
            }
            JsonNode message = JSON.readTree(data.toString());
            if (!message.has("method") && message.path("id").asLong(-1) == id) {
                return message;
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** A call that did not produce a successful result. */
    public static final class CallFailed extends RuntimeException {
        CallFailed(String message) {
            super(message, null, false, false);
        }
    }
}
