package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcp.ambassador.pipeline.AskCancellation;
import dev.mcp.ambassador.pipeline.ClientChannel;
import dev.mcp.ambassador.support.Concurrently;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
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
 * from npm: once as a child over stdio, once over Streamable HTTP ({@link DownstreamPeers}, which
 * also record what the ambassador sends, so a cancellation can be seen arriving).
 */
class DownstreamSessionContractTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    enum Carrier {
        STDIO,
        STREAMABLE_HTTP
    }

    @TempDir
    Path temp;

    private DownstreamPeers.Peer peer;

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
            case STDIO -> new DownstreamPeers.Stdio(temp.resolve("stdin.jsonl"), JSON, TIMEOUT);
            case STREAMABLE_HTTP -> new DownstreamPeers.Http(JSON, TIMEOUT);
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
