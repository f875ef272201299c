package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.AskCancellation;
import dev.mcp.ambassador.pipeline.ClientChannel;
import dev.mcp.ambassador.redaction.Redactor;
import dev.mcp.ambassador.support.Concurrently;
import dev.mcp.ambassador.support.DirectHttpServer;
import dev.mcp.ambassador.support.TestAdmin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every downstream session does, whatever carries its messages, against server-everything
 * from npm: once as a child over stdio, once over Streamable HTTP. What the ambassador sends the
 * server is recorded on the way (a {@code tee} in front of the child's stdin, a forwarding proxy in
 * front of the HTTP server), so a cancellation can be seen arriving.
 */
class DownstreamSessionContractTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    enum Carrier {
        STDIO,
        STREAMABLE_HTTP
    }

    /** A running server-everything and the session the ambassador opened with it. */
    private interface Peer extends AutoCloseable {
        Downstream downstream();

        /** Every message the ambassador sent the server so far. */
        List<JsonNode> sent();

        /** Ends the server abruptly, as a crash would. */
        void kill();

        @Override
        void close();
    }

    @TempDir
    Path temp;

    private Peer peer;

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void initializeWhenOpenedThenHandshakeIsSentAndACallIsAnswered(Carrier carrier) {
        Downstream downstream = open(carrier);

        JsonNode answer = downstream.request("tools/call", call("echo", Map.of("message", "hi")), TIMEOUT, null);

        assertThat(answer.at("/result/content/0/text").asString()).isEqualTo("Echo: hi");
        assertThat(downstream.capabilities().has("tools")).isTrue();
        List<JsonNode> sent = peer.sent();
        assertThat(sent.get(0).get("method").asString()).isEqualTo("initialize");
        assertThat(sent.get(0).at("/params/protocolVersion").asString()).isEqualTo(JsonRpcSession.PROTOCOL_VERSION);
        assertThat(sent.get(0).at("/params/capabilities")).isEqualTo(RelayedClientCapabilities.create());
        assertThat(sent.get(1).get("method").asString()).isEqualTo("notifications/initialized");
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void requestWhenServerSendsProgressThenItReachesTheCallerUnderTheClientsOwnToken(Carrier carrier) {
        Downstream downstream = open(carrier);
        RecordingChannel caller = new RecordingChannel("client-a");
        ObjectNode params = call("trigger-long-running-operation", Map.of("duration", 1, "steps", 3));
        params.putObject("_meta").put("progressToken", "client-token-7");

        JsonNode answer = downstream.request("tools/call", params, TIMEOUT, caller);

        assertThat(answer.at("/result/content/0/text").asString()).contains("Steps: 3");
        assertThat(caller.progress).hasSize(3).allSatisfy(progress -> assertThat(
                        progress.get("progressToken").asString())
                .isEqualTo("client-token-7"));
        JsonNode sentCall = sentWithMethod("tools/call").getFirst();
        assertThat(sentCall.at("/params/_meta/progressToken").asString()).isEqualTo("ambassador-" + sentCall.get("id"));
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void requestWhenServerAsksTheClientThenTheCallerAnswersAndTheServerGetsItUnderItsOwnId(Carrier carrier) {
        Downstream downstream = open(carrier);
        RecordingChannel caller = new RecordingChannel("client-a");

        JsonNode answer = downstream.request(
                "tools/call", call("trigger-sampling-request", Map.of("prompt", "a haiku")), TIMEOUT, caller);

        assertThat(caller.asked).containsExactly("sampling/createMessage");
        assertThat(answer.at("/result/content/0/text").asString()).contains("client-model");
        JsonNode relayed = peer.sent().stream()
                .filter(message -> !message.has("method") && message.has("result"))
                .findFirst()
                .orElseThrow();
        assertThat(relayed.at("/result/model").asString()).isEqualTo("client-model");
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void requestWhenTheServerTakesTooLongThenItIsCancelledDownstreamAndTheSessionGoesOn(Carrier carrier) {
        Downstream downstream = open(carrier);

        assertThatThrownBy(() -> downstream.request(
                        "tools/call",
                        call("trigger-long-running-operation", Map.of("duration", 30, "steps", 30)),
                        Duration.ofSeconds(1),
                        null))
                .isInstanceOfSatisfying(
                        DownstreamException.class, e -> assertThat(e.timedOut()).isTrue())
                .hasMessage("Server 'everything' did not answer within 1 s.");

        long callId = sentWithMethod("tools/call").getFirst().get("id").asLong();
        awaitTrue(() -> sentWithMethod("notifications/cancelled").stream()
                .anyMatch(cancel -> cancel.at("/params/requestId").asLong() == callId
                        && cancel.at("/params/reason").asString().equals("timed out")));
        JsonNode answer = downstream.request("tools/call", call("echo", Map.of("message", "after")), TIMEOUT, null);
        assertThat(answer.at("/result/content/0/text").asString()).isEqualTo("Echo: after");
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void requestWhenManyCallersWaitAtOnceThenEachGetsTheAnswerToItsOwnRequest(Carrier carrier) {
        Downstream downstream = open(carrier);
        int callers = 12;

        // The first callers wait longest, so answers come back in another order than asked.
        List<String> answers = Concurrently.run(callers, i -> downstream
                .request(
                        "tools/call",
                        call("trigger-long-running-operation", Map.of("duration", (callers - i) / 10.0, "steps", 1)),
                        TIMEOUT,
                        null)
                .at("/result/content/0/text")
                .asString());

        for (int i = 0; i < callers; i++) {
            assertThat(answers.get(i)).contains("Duration: " + formatSeconds((callers - i) / 10.0) + " seconds");
        }
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void requestWhenTheTransportDiesThenTheWaitingCallFailsAtOnce(Carrier carrier) throws Exception {
        Downstream downstream = open(carrier);
        RecordingChannel caller = new RecordingChannel("client-a");
        ObjectNode params = call("trigger-long-running-operation", Map.of("duration", 50, "steps", 50));
        params.putObject("_meta").put("progressToken", "slow");
        Instant started = Instant.now();
        CompletableFuture<JsonNode> waiting =
                CompletableFuture.supplyAsync(() -> downstream.request("tools/call", params, TIMEOUT, caller));
        awaitTrue(() -> !caller.progress.isEmpty());

        peer.kill();

        try {
            waiting.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause())
                    .isInstanceOfSatisfying(DownstreamException.class, d -> assertThat(d.timedOut())
                            .isFalse())
                    .hasMessageStartingWith("Server 'everything' ");
            assertThat(Duration.between(started, Instant.now())).isLessThan(TIMEOUT);
            return;
        }
        throw new AssertionError("The call was answered although its server died");
    }

    private Downstream open(Carrier carrier) {
        peer = switch (carrier) {
            case STDIO -> new StdioPeer(temp.resolve("stdin.jsonl"));
            case STREAMABLE_HTTP -> new HttpPeer();
        };
        return peer.downstream();
    }

    private List<JsonNode> sentWithMethod(String method) {
        return peer.sent().stream()
                .filter(message -> method.equals(message.path("method").asString("")))
                .toList();
    }

    private static ObjectNode call(String tool, Map<String, Object> arguments) {
        ObjectNode params = JSON.createObjectNode().put("name", tool);
        params.set("arguments", JSON.valueToTree(arguments));
        return params;
    }

    private static String formatSeconds(double seconds) {
        // As JavaScript prints a number: no trailing ".0".
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Condition not met within 30 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static CatalogServer entry(String transport, String url) {
        return new CatalogServer(
                UUID.randomUUID(),
                "everything",
                "Everything",
                transport,
                List.of(),
                Map.of(),
                url,
                Map.of(),
                "per_user",
                "published",
                null,
                null,
                null);
    }

    /** server-everything as a child over stdio; a {@code tee} keeps what it is sent. */
    private static final class StdioPeer implements Peer {
        private final Path record;
        private final Process process;
        private final StdioDownstream downstream;

        StdioPeer(Path record) {
            this.record = record;
            try {
                process = new ProcessBuilder(
                                "sh",
                                "-c",
                                "tee -a \"$0\" | exec node \"$1\" stdio",
                                record.toString(),
                                TestAdmin.SERVER_EVERYTHING.toString())
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            downstream = StdioDownstream.start(
                    entry("stdio", null), process, JSON, TIMEOUT, (m, p) -> {}, new Redactor(), List.of());
        }

        @Override
        public Downstream downstream() {
            return downstream;
        }

        @Override
        public List<JsonNode> sent() {
            try {
                return Files.readAllLines(record).stream()
                        .filter(line -> !line.isBlank())
                        .map(JSON::readTree)
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        @Override
        public void close() {
            downstream.close();
            kill();
        }
    }

    /** server-everything over Streamable HTTP, behind a proxy that keeps every POSTed message. */
    private static final class HttpPeer implements Peer {
        private final DirectHttpServer server = DirectHttpServer.start();
        private final List<JsonNode> posted = new CopyOnWriteArrayList<>();
        private final HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final HttpServer proxy;
        private final PinnedHttpClients clients = PinnedHttpClients.withDefaultTrust();
        private final HttpDownstream downstream;

        HttpPeer() {
            try {
                proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            proxy.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            proxy.createContext("/mcp", this::forward);
            proxy.start();
            DownstreamAddressGuard guard =
                    new DownstreamAddressGuard(List.of("127.0.0.1/32"), InetAddress::getAllByName);
            String url = "http://127.0.0.1:" + proxy.getAddress().getPort() + "/mcp";
            downstream = HttpDownstream.start(entry("http", url), clients, guard, JSON, TIMEOUT, (m, p) -> {});
        }

        private void forward(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (body.length > 0) {
                    posted.add(JSON.readTree(body));
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url()))
                        .method(
                                exchange.getRequestMethod(),
                                body.length == 0
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofByteArray(body));
                for (String name :
                        List.of("Accept", "Content-Type", "Mcp-Session-Id", "MCP-Protocol-Version", "Last-Event-ID")) {
                    String value = exchange.getRequestHeaders().getFirst(name);
                    if (value != null) {
                        request.header(name, value);
                    }
                }
                HttpResponse<InputStream> response =
                        client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                response.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders()
                        .add("Content-Type", type));
                response.headers().firstValue("Mcp-Session-Id").ifPresent(id -> exchange.getResponseHeaders()
                        .add("Mcp-Session-Id", id));
                try (InputStream in = response.body()) {
                    boolean empty = response.statusCode() == 202 || response.statusCode() == 204;
                    exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : 0);
                    if (!empty) {
                        OutputStream out = exchange.getResponseBody();
                        byte[] buffer = new byte[8192];
                        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                            out.write(buffer, 0, read);
                            out.flush();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Downstream downstream() {
            return downstream;
        }

        @Override
        public List<JsonNode> sent() {
            return List.copyOf(posted);
        }

        @Override
        public void kill() {
            server.close();
        }

        @Override
        public void close() {
            downstream.close();
            proxy.stop(0);
            server.close();
            clients.close();
            client.close();
        }
    }

    private static final class RecordingChannel implements ClientChannel {
        final List<JsonNode> progress = new CopyOnWriteArrayList<>();
        final List<String> asked = new CopyOnWriteArrayList<>();
        private final String sessionKey;

        RecordingChannel(String sessionKey) {
            this.sessionKey = sessionKey;
        }

        @Override
        public UUID userId() {
            return UUID.nameUUIDFromBytes(sessionKey.getBytes());
        }

        @Override
        public String sessionKey() {
            return sessionKey;
        }

        @Override
        public void notify(String method, JsonNode params) {
            if (method.equals("notifications/progress")) {
                progress.add(params);
            }
        }

        @Override
        public JsonNode ask(String method, JsonNode params, Duration timeout, AskCancellation cancellation) {
            asked.add(method);
            return JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"role\":\"assistant\","
                    + "\"content\":{\"type\":\"text\",\"text\":\"a poem\"},\"model\":\"client-model\"}}");
        }

        @Override
        public void onCancel(Runnable cancel) {}
    }
}
