package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.pipeline.ClientChannel;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One POST to a 2026-07-28 downstream in flight: its answer, and the thread and body to drop when
 * it is abandoned; closing the body is what cancels the request at the server.
 */
final class ModernCall {

    /** The server answered with an HTTP error status and no JSON-RPC response. */
    static final class StatusRefused extends DownstreamException {
        StatusRefused(String message) {
            super(message);
        }
    }

    final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    private final String slug;
    private final JsonMapper json;
    private final long id;
    private final ClientChannel caller;
    private final BiConsumer<JsonNode, ClientChannel> others;
    volatile Thread reader;
    volatile InputStream body;

    ModernCall(
            String slug, JsonMapper json, long id, ClientChannel caller, BiConsumer<JsonNode, ClientChannel> others) {
        this.slug = slug;
        this.json = json;
        this.id = id;
        this.caller = caller;
        this.others = others;
    }

    /** Reads the response with this call's id; what comes before it goes to {@code others}. */
    JsonNode read(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            body = in;
            int status = response.statusCode();
            String type =
                    response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (type.startsWith("application/json")) {
                byte[] bytes = in.readNBytes(JsonRpcSession.MAX_MESSAGE_BYTES + 1);
                if (bytes.length > JsonRpcSession.MAX_MESSAGE_BYTES) {
                    throw new DownstreamException("Server '" + slug + "' sent an answer over the size limit.");
                }
                JsonNode answer = ours(json.readTree(bytes));
                if (answer != null && (status / 100 == 2 || answer.has("error"))) {
                    return answer;
                }
            }
            if (status / 100 != 2) {
                throw new StatusRefused("Server '" + slug + "' answered HTTP " + status + ".");
            }
            if (!type.startsWith("text/event-stream")) {
                throw new DownstreamException("Server '" + slug + "' answered with an unexpected content type.");
            }
            ServerSentEvents events = new ServerSentEvents(in);
            for (ServerSentEvents.Event event = events.next(); event != null; event = events.next()) {
                if (event.type().equals("message") && !event.data().isBlank()) {
                    JsonNode answer = ours(json.readTree(event.data()));
                    if (answer != null) {
                        return answer;
                    }
                }
            }
            throw new DownstreamException("Server '" + slug + "' ended its answer without a response.");
        } catch (IOException | JacksonException e) {
            throw new DownstreamException("Server '" + slug + "' broke off its answer.");
        }
    }

    private JsonNode ours(JsonNode message) {
        if (message == null || !message.isObject()) {
            return null;
        }
        if (message.has("method")) {
            others.accept(message, caller);
            return null;
        }
        JsonNode messageId = message.get("id");
        boolean mine = messageId != null && messageId.isIntegralNumber() && messageId.asLong() == id;
        return mine && (message.has("result") || message.has("error")) ? message : null;
    }

    void abort() {
        InputStream open = body;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // The connection is being dropped anyway.
            }
        }
        Thread thread = reader;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
        }
    }
}
