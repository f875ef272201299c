package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.AskCancellation;
import dev.mcp.ambassador.pipeline.ClientChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client side of Streamable HTTP against a scripted server on loopback: what goes into each
 * request, event-stream answers with progress and a server request, and a forgotten session.
 */
class HttpDownstreamTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private record Received(String method, Map<String, String> headers, JsonNode body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> unsolicited = new CopyOnWriteArrayList<>();
    private final AtomicInteger generation = new AtomicInteger();
    private final CountDownLatch samplingAnswered = new CountDownLatch(1);
    private volatile String session;
    private volatile int getStatus = 405;
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
    void requestWhenSessionIsOpenThenEveryMessageCarriesSessionVersionAndConfiguredHeaders() {
        HttpDownstream downstream = start();

        JsonNode answer = downstream.request("tools/list", JSON.createObjectNode(), TIMEOUT, null);
        downstream.close();
        awaitDelete();

        assertThat(answer.at("/result/tools")).isNotNull();
        assertThat(downstream.capabilities().has("tools")).isTrue();
        Received initialize = received.getFirst();
        assertThat(initialize.body().get("method").asString()).isEqualTo("initialize");
        assertThat(initialize.body().at("/params/capabilities")).isEqualTo(RelayedClientCapabilities.create());
        assertThat(initialize.headers()).doesNotContainKeys("mcp-session-id", "mcp-protocol-version");
        assertThat(received)
                .allSatisfy(request -> assertThat(request.headers()).containsEntry("x-test-token", "t0ken"));
        assertThat(received.subList(1, received.size())).allSatisfy(request -> assertThat(request.headers())
                .containsEntry("mcp-session-id", "session-1")
                .containsEntry("mcp-protocol-version", "2025-11-25"));
        assertThat(received.get(1).body().get("method").asString()).isEqualTo("notifications/initialized");
    }

    @Test
    void requestWhenAnswerIsAnEventStreamThenProgressAndServerRequestsReachTheCaller() throws Exception {
        HttpDownstream downstream = start();
        RecordingChannel caller = new RecordingChannel();
        ObjectNode params = JSON.createObjectNode().put("name", "slow");
        params.putObject("_meta").put("progressToken", "client-token-7");

        JsonNode answer = downstream.request("tools/call", params, TIMEOUT, caller);

        assertThat(answer.at("/result/content/0/text").asString()).isEqualTo("done");
        assertThat(caller.progressTokens).containsExactly("client-token-7");
        assertThat(caller.asked).containsExactly("sampling/createMessage");
        assertThat(samplingAnswered.await(5, TimeUnit.SECONDS)).isTrue();
        JsonNode samplingAnswer = received.stream()
                .map(Received::body)
                .filter(body -> "srv-1".equals(body.path("id").asString("")))
                .findFirst()
                .orElseThrow();
        assertThat(samplingAnswer.at("/result/model").asString()).isEqualTo("client-model");
        JsonNode sentCall = received.stream()
                .map(Received::body)
                .filter(body -> "tools/call".equals(body.path("method").asString("")))
                .findFirst()
                .orElseThrow();
        assertThat(sentCall.at("/params/_meta/progressToken").asString()).startsWith("ambassador-");
        downstream.close();
    }

    @Test
    void requestWhenServerForgotTheSessionThenInitializesAgainOnceAndRetries() {
        HttpDownstream downstream = start();
        session = "forgotten";

        JsonNode answer = downstream.request("tools/list", JSON.createObjectNode(), TIMEOUT, null);

        assertThat(answer.has("result")).isTrue();
        assertThat(generation.get()).isEqualTo(2);
        Received retried = received.getLast();
        assertThat(retried.body().get("method").asString()).isEqualTo("tools/list");
        assertThat(retried.headers()).containsEntry("mcp-session-id", "session-2");
        downstream.close();
    }

    @Test
    void listenWhenTheServerRefusesGetOnANewSessionThenItIsNotAskedAgainNorReinitialized() throws InterruptedException {
        // Servers that route only POST answer GET with 404 or 400, as if the session were unknown.
        getStatus = 404;
        HttpDownstream downstream = start();

        for (int i = 0; i < 50 && gets() == 0; i++) {
            Thread.sleep(100);
        }
        Thread.sleep(500);

        assertThat(gets()).isEqualTo(1);
        assertThat(generation.get()).isEqualTo(1);
        downstream.close();
    }

    private long gets() {
        return received.stream().filter(r -> r.method().equals("GET")).count();
    }

    @Test
    void requestWhenServerAnswersAnErrorStatusThenRefusedNamingServerAndStatusButNoSecret() {
        HttpDownstream downstream = start();

        assertThatThrownBy(() -> downstream.request("fail", JSON.createObjectNode(), TIMEOUT, null))
                .isInstanceOf(DownstreamException.class)
                .hasMessage("Server 'scripted' answered HTTP 500.");
        downstream.close();
    }

    @Test
    void startWhenUrlIsNotAllowListedThenRefusedBeforeAnyRequest() {
        DownstreamAddressGuard strict = new DownstreamAddressGuard(List.of(), InetAddress::getAllByName);

        assertThatThrownBy(() -> HttpDownstream.start(catalogEntry(), clients, strict, JSON, TIMEOUT, (m, p) -> {}))
                .isInstanceOf(DownstreamException.class)
                .hasMessageContaining("may not connect");
        assertThat(received).isEmpty();
    }

    private HttpDownstream start() {
        DownstreamAddressGuard guard = new DownstreamAddressGuard(List.of("127.0.0.1/32"), InetAddress::getAllByName);
        return HttpDownstream.start(
                catalogEntry(), clients, guard, JSON, TIMEOUT, (method, params) -> unsolicited.add(method));
    }

    private CatalogServer catalogEntry() {
        return new CatalogServer(
                UUID.randomUUID(),
                "scripted",
                "Scripted",
                "http",
                List.of(),
                Map.of(),
                "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp",
                Map.of("X-Test-Token", "t0ken"),
                "shared",
                "published",
                null,
                null,
                null);
    }

    private void awaitDelete() {
        for (int i = 0; i < 50 && received.stream().noneMatch(r -> r.method().equals("DELETE")); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(received.getLast().method()).isEqualTo("DELETE");
    }

    // The scripted server: initialize opens session-<n>; tools/call answers with an event stream.
    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? JSON.missingNode() : JSON.readTree(raw);
        received.add(new Received(exchange.getRequestMethod(), headers, body));
        if (exchange.getRequestMethod().equals("DELETE")) {
            reply(exchange, 200, null, "");
            return;
        }
        if (exchange.getRequestMethod().equals("GET")) {
            reply(exchange, getStatus, "application/json", "{}");
            return;
        }
        String method = body.path("method").asString("");
        if (method.equals("initialize")) {
            session = "session-" + generation.incrementAndGet();
            exchange.getResponseHeaders().add("Mcp-Session-Id", session);
            reply(
                    exchange,
                    200,
                    "application/json",
                    response(
                            body,
                            "{\"protocolVersion\":\"2025-11-25\","
                                    + "\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"scripted\",\"version\":\"1\"}}"));
            return;
        }
        if (!headers.getOrDefault("mcp-session-id", "").equals(session)) {
            reply(exchange, 404, "application/json", "{}");
            return;
        }
        if (!body.has("id") || !body.has("method")) {
            if ("srv-1".equals(body.path("id").asString(""))) {
                samplingAnswered.countDown();
            }
            reply(exchange, 202, null, "");
            return;
        }
        switch (method) {
            case "tools/list" -> reply(exchange, 200, "application/json", response(body, "{\"tools\":[]}"));
            case "fail" -> reply(exchange, 500, "text/plain", "t0ken");
            case "tools/call" -> streamToolCall(exchange, body);
            default -> reply(exchange, 200, "application/json", response(body, "{}"));
        }
    }

    private void streamToolCall(HttpExchange exchange, JsonNode body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            String token = body.at("/params/_meta/progressToken").asString();
            event(out, "id: e0\ndata:\n\n");
            event(
                    out,
                    "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                            + "{\"progressToken\":\"" + token + "\",\"progress\":1,\"total\":2}}\n\n");
            event(
                    out,
                    "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"sampling/createMessage\","
                            + "\"params\":{\"messages\":[],\"maxTokens\":5}}\n\n");
            try {
                samplingAnswered.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            event(out, "data: " + response(body, "{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}") + "\n\n");
        }
    }

    private static void event(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String response(JsonNode request, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + result + "}";
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            exchange.getResponseHeaders().add("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A client that records what reaches it and answers sampling with a fixed model. */
    private static final class RecordingChannel implements ClientChannel {
        final List<String> progressTokens = new CopyOnWriteArrayList<>();
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Override
        public UUID userId() {
            return UUID.randomUUID();
        }

        @Override
        public String sessionKey() {
            return "client-session";
        }

        @Override
        public void notify(String method, JsonNode params) {
            if (method.equals("notifications/progress")) {
                progressTokens.add(params.get("progressToken").asString());
            }
        }

        @Override
        public JsonNode ask(String method, JsonNode params, Duration timeout, AskCancellation cancellation) {
            asked.add(method);
            return JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"model\":\"client-model\"}}");
        }

        @Override
        public void onCancel(Runnable cancel) {}
    }
}
