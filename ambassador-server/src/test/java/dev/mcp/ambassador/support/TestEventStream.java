package dev.mcp.ambassador.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A response read as it arrives: server-sent events one at a time, or a plain body. Closing it
 * drops the connection, as a client that lost its network would.
 */
public final class TestEventStream implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Event END = new Event(null, null, null);

    /** One event; {@code data} is empty for the priming event. */
    public record Event(String id, String data, Long retry) {
        public JsonNode json() {
            return JSON.readTree(data);
        }

        public boolean priming() {
            return data != null && data.isEmpty();
        }
    }

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final StringBuilder plainBody = new StringBuilder();

    private TestEventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread.ofVirtual().start(this::read);
    }

    public static TestEventStream open(HttpClient client, HttpRequest request) {
        try {
            return new TestEventStream(client.send(request, HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    public boolean isEventStream() {
        return contentType().startsWith("text/event-stream");
    }

    /** The next event; fails the test if none arrives in time, empty when the stream ended. */
    public Optional<Event> next(Duration timeout) {
        try {
            Event event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("No event within " + timeout);
            }
            if (event == END) {
                events.add(END);
                return Optional.empty();
            }
            return Optional.of(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The next event that carries a message, skipping priming events. */
    public JsonNode nextMessage(Duration timeout) {
        while (true) {
            Event event = next(timeout).orElseThrow(() -> new AssertionError("The stream ended"));
            if (!event.priming()) {
                return event.json();
            }
        }
    }

    /** Every event up to the end of the stream. */
    public List<Event> rest(Duration timeout) {
        List<Event> all = new ArrayList<>();
        for (Optional<Event> event = next(timeout); event.isPresent(); event = next(timeout)) {
            all.add(event.get());
        }
        return all;
    }

    /** The whole body of a response that is not an event stream. */
    public String body(Duration timeout) {
        next(timeout);
        synchronized (plainBody) {
            return plainBody.toString();
        }
    }

    @Override
    public void close() {
        response.body().close();
    }

    private void read() {
        boolean sse = isEventStream();
        String id = null;
        Long retry = null;
        StringBuilder data = null;
        try {
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (!sse) {
                    synchronized (plainBody) {
                        plainBody.append(line);
                    }
                    continue;
                }
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, data.toString(), retry));
                    }
                    id = null;
                    retry = null;
                    data = null;
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("retry:")) {
                    retry = Long.parseLong(line.substring(6).trim());
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null
                            ? new StringBuilder(value)
                            : data.append('\n').append(value);
                }
            }
        } catch (RuntimeException e) {
            // The connection was dropped, by close() or by the server.
        } finally {
            events.add(END);
        }
    }

    /** A request builder for {@code /mcp} with the headers every MCP request carries. */
    public static HttpRequest.Builder mcpRequest(TestHttp http, String token, String session) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(http.uri("/mcp"))
                .header("Accept", TestMcp.ACCEPT)
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60));
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        return builder;
    }

    public static HttpRequest.BodyPublisher json(Object message) {
        return HttpRequest.BodyPublishers.ofString(message instanceof String s ? s : JSON.writeValueAsString(message));
    }
}
