package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcp.ambassador.catalog.CatalogServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls to a remote server over Streamable HTTP reuse the client's connections, whether the server
 * answers with JSON or with an event stream it ends after the response, as servers built on the
 * MCP SDKs do: a call does not wait for the end of the stream, yet the connection goes back to the
 * pool. The server here counts the connections its calls arrive on.
 */
class HttpDownstreamConnectionReuseTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int CALLS = 20;
    private static final Duration STREAM_END_DELAY = Duration.ofMillis(20);

    private final Set<Integer> callConnections = ConcurrentHashMap.newKeySet();
    private final Set<Integer> everyConnection = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ended = new AtomicInteger();
    private HttpServer server;
    private PinnedHttpClients clients;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/mcp", this::handle);
        server.start();
        clients = PinnedHttpClients.withDefaultTrust();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        clients.close();
    }

    @Test
    void requestWhenAnswersAreEventStreamsThenTheCallsReuseTheSessionsConnections() {
        assertLaterCallsReuseConnections("tools/call");
    }

    @Test
    void requestWhenAnswersAreJsonThenTheCallsReuseTheSessionsConnections() {
        assertLaterCallsReuseConnections("tools/list");
    }

    private void assertLaterCallsReuseConnections(String method) {
        DownstreamAddressGuard guard = new DownstreamAddressGuard(List.of("127.0.0.1/32"), InetAddress::getAllByName);
        HttpDownstream downstream = HttpDownstream.start(catalogEntry(), clients, guard, JSON, TIMEOUT, (m, p) -> {});
        Set<Integer> later = ConcurrentHashMap.newKeySet();
        try {
            call(downstream, method);
            waitFor(() -> ended.get() == CALLS, "every answer to end");
            Set<Integer> opened = Set.copyOf(everyConnection);
            callConnections.clear();
            // One call at a time, each once its answer has ended: its connection is then back in
            // the pool for the next. Without reuse, every call opens a connection of its own.
            for (int i = 1; i <= CALLS; i++) {
                JsonNode answer = downstream.request(method, JSON.createObjectNode(), TIMEOUT, null);
                assertThat(answer.has("result")).as(answer.toString()).isTrue();
                int done = CALLS + i;
                waitFor(() -> ended.get() == done, "the answer to end");
            }
            later.addAll(callConnections);
            later.removeAll(opened);
        } finally {
            downstream.close();
        }

        // The end of an answer may reach the client just after the server counted it, so a call
        // now and then finds no idle connection yet; without reuse, every one of them would.
        assertThat(later).as("connections the later calls opened").hasSizeLessThanOrEqualTo(CALLS / 4);
    }

    private void call(HttpDownstream downstream, String method) {
        for (int i = 0; i < CALLS; i++) {
            JsonNode answer = downstream.request(method, JSON.createObjectNode(), TIMEOUT, null);
            assertThat(answer.has("result")).as(answer.toString()).isTrue();
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private CatalogServer catalogEntry() {
        return new CatalogServer(
                UUID.randomUUID(),
                "reused",
                "Reused",
                "http",
                List.of(),
                Map.of(),
                "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp",
                Map.of(),
                "shared",
                "published",
                null,
                null,
                null);
    }

    private void handle(HttpExchange exchange) throws IOException {
        everyConnection.add(exchange.getRemoteAddress().getPort());
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestMethod().equals("POST")) {
            reply(exchange, 405, "");
            return;
        }
        JsonNode body = JSON.readTree(raw);
        String method = body.path("method").asString("");
        if (!body.has("id")) {
            reply(exchange, 202, "");
            return;
        }
        if (method.equals("initialize")) {
            exchange.getResponseHeaders().add("Mcp-Session-Id", "reused-session");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply(
                    exchange,
                    200,
                    response(
                            body,
                            "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                                    + "\"serverInfo\":{\"name\":\"reused\",\"version\":\"1\"}}"));
            return;
        }
        callConnections.add(exchange.getRemoteAddress().getPort());
        if (method.equals("tools/call")) {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(("event: message\ndata: " + response(body, "{\"content\":[]}") + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                // The stream ends a moment after the response, as over a real network: the client
                // has the response before it sees the end.
                Thread.sleep(STREAM_END_DELAY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ended.incrementAndGet();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        reply(exchange, 200, response(body, "{\"tools\":[]}"));
        ended.incrementAndGet();
    }

    private static String response(JsonNode request, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + result + "}";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
