package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class ModernListeningTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A server that acknowledges each stream with what it was asked for, less the URIs it refuses. */
    private static final class FakeServer {
        final List<ObjectNode> asked = new CopyOnWriteArrayList<>();
        final List<ModernListening.Stream> streams = new CopyOnWriteArrayList<>();
        final List<Long> closed = new CopyOnWriteArrayList<>();
        final AtomicLong ids = new AtomicLong();
        final AtomicReference<ModernListening> listening = new AtomicReference<>();
        volatile CompletableFuture<Integer> opened = new CompletableFuture<>();
        volatile String refused = "";

        ModernListening.Stream open(ObjectNode params) {
            long id = ids.incrementAndGet();
            asked.add(params);
            ModernListening.Stream stream =
                    new ModernListening.Stream(id, new CompletableFuture<>(), () -> closed.add(id));
            streams.add(stream);
            ObjectNode acknowledgement = JSON.createObjectNode();
            ObjectNode honored = ((ObjectNode) params.get("notifications")).deepCopy();
            if (honored.has("resourceSubscriptions")) {
                ArrayNode kept = JSON.createArrayNode();
                honored.get("resourceSubscriptions").forEach(uri -> {
                    if (!uri.asString().equals(refused)) {
                        kept.add(uri);
                    }
                });
                honored.set("resourceSubscriptions", kept);
            }
            acknowledgement.set("notifications", honored);
            acknowledgement.putObject("_meta").put(ModernListening.SUBSCRIPTION_ID_KEY, id);
            listening.get().heard("notifications/subscriptions/acknowledged", acknowledgement);
            opened.complete(asked.size());
            return stream;
        }
    }

    private static FakeServer server() {
        FakeServer server = new FakeServer();
        server.listening.set(new ModernListening("fake", server::open, () -> true, Duration.ofSeconds(5)));
        return server;
    }

    private static JsonNode capabilities(String json) {
        return JSON.readTree(json);
    }

    @Test
    void startWhenTheServerAnnouncesListChangesThenOneStreamAsksForThoseItSends() {
        FakeServer server = server();

        server.listening.get().start(capabilities("{\"tools\":{\"listChanged\":true},\"prompts\":{}}"));

        assertThat(server.asked).hasSize(1);
        assertThat(server.asked.getFirst().get("notifications").toString()).isEqualTo("{\"toolsListChanged\":true}");
    }

    @Test
    void startWhenNothingCanBeHeardThenNoStreamIsOpenedUntilASubscription() {
        FakeServer server = server();
        server.listening.get().start(capabilities("{\"resources\":{\"subscribe\":true}}"));
        assertThat(server.asked).isEmpty();

        JsonNode answer = server.listening.get().subscribe("file:///a");

        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        assertThat(server.asked
                        .getFirst()
                        .at("/notifications/resourceSubscriptions/0")
                        .asString())
                .isEqualTo("file:///a");

        server.listening.get().unsubscribe("file:///a");
        // Nothing is wanted any more: the stream is closed and none replaces it.
        assertThat(server.closed).containsExactly(1L);
        assertThat(server.asked).hasSize(1);
    }

    @Test
    void subscribeWhenAnotherUriIsAddedThenANewStreamAsksForBothAndTheOldOneIsClosed() {
        FakeServer server = server();
        ModernListening listening = server.listening.get();
        listening.start(capabilities("{\"tools\":{\"listChanged\":true}}"));

        listening.subscribe("file:///a");
        listening.subscribe("file:///b");

        assertThat(server.asked).hasSize(3);
        assertThat(server.asked
                        .get(2)
                        .at("/notifications/resourceSubscriptions")
                        .toString())
                .isEqualTo("[\"file:///a\",\"file:///b\"]");
        assertThat(server.closed).containsExactly(1L, 2L);
    }

    @Test
    void subscribeWhenTheServerLeavesTheUriOutOfItsAcknowledgementThenRefused() {
        FakeServer server = server();
        server.refused = "file:///secret";

        JsonNode answer = server.listening.get().subscribe("file:///secret");

        assertThat(answer.at("/error/code").asInt()).as(answer.toString()).isEqualTo(-32602);
        assertThat(answer.at("/error/message").asString()).contains("fake");
    }

    @Test
    void endedWhenTheServerEndsTheStreamUnaskedThenItIsOpenedAgain() throws Exception {
        FakeServer server = server();
        ModernListening listening = server.listening.get();
        listening.start(capabilities("{\"tools\":{\"listChanged\":true}}"));
        server.opened = new CompletableFuture<>();

        server.streams.getFirst().ended().complete(null);

        assertThat(server.opened.get(10, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(server.asked.get(1).get("notifications").toString()).isEqualTo("{\"toolsListChanged\":true}");
    }

    @Test
    void closeWhenListeningThenTheStreamIsClosedAndASubscribeOpensNothing() {
        FakeServer server = server();
        ModernListening listening = server.listening.get();
        listening.start(capabilities("{\"tools\":{\"listChanged\":true}}"));

        listening.close();
        JsonNode answer = listening.subscribe("file:///a");

        assertThat(server.closed).containsExactly(1L);
        assertThat(server.asked).hasSize(1);
        assertThat(answer.has("error")).isTrue();
    }

    @Test
    void heardWhenANotificationCarriesTheStreamsIdThenItGoesOnWithoutIt() {
        ModernListening listening = server().listening.get();
        ObjectNode params = JSON.createObjectNode().put("uri", "file:///a");
        params.putObject("_meta").put(ModernListening.SUBSCRIPTION_ID_KEY, 4).put("other", "kept");

        JsonNode passed = listening.heard("notifications/resources/updated", params);

        assertThat(passed.toString()).isEqualTo("{\"uri\":\"file:///a\",\"_meta\":{\"other\":\"kept\"}}");
        ObjectNode acknowledgement = JSON.createObjectNode();
        acknowledgement.putObject("_meta").put(ModernListening.SUBSCRIPTION_ID_KEY, 4);
        assertThat(listening.heard("notifications/subscriptions/acknowledged", acknowledgement))
                .isNull();
    }
}
