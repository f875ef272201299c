package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.pipeline.AskCancellation;
import dev.mcp.ambassador.pipeline.ClientChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class InFlightRequestsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final InFlightRequests inFlight = new InFlightRequests();

    @Test
    void progressWhenTheServerReportsThenTheClientGetsItUnderItsOwnToken() {
        Channel client = new Channel("session-a");
        JsonNode sent = inFlight.begin(7, JSON.readTree("{\"_meta\":{\"progressToken\":42},\"name\":\"x\"}"), client);

        String ours = sent.at("/_meta/progressToken").asString();
        inFlight.progress(JSON.readTree("{\"progressToken\":\"" + ours + "\",\"progress\":1}"));

        assertThat(ours).isNotEqualTo("42");
        assertThat(client.notified).singleElement().satisfies(p -> {
            assertThat(p.get("progressToken").asInt()).isEqualTo(42);
            assertThat(p.get("progress").asInt()).isEqualTo(1);
        });
    }

    @Test
    void progressWhenTheRequestHasEndedThenDropped() {
        Channel client = new Channel("session-a");
        JsonNode sent = inFlight.begin(7, JSON.readTree("{\"_meta\":{\"progressToken\":\"t\"}}"), client);
        inFlight.end(7);

        inFlight.progress(JSON.readTree(
                "{\"progressToken\":\"" + sent.at("/_meta/progressToken").asString() + "\",\"progress\":1}"));

        assertThat(client.notified).isEmpty();
    }

    @Test
    void soleCallerWhenTwoSessionsWaitThenNoneIsGuessed() {
        inFlight.begin(1, null, new Channel("session-a"));
        assertThat(inFlight.soleCaller()).isPresent();

        inFlight.begin(2, null, new Channel("session-b"));

        assertThat(inFlight.soleCaller()).isEmpty();
    }

    @Test
    void answerWhenNoClientCanBeToldThenTheServerGetsAnError() {
        ObjectNode response = inFlight.answer(
                JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"sampling/createMessage\"}"),
                Optional.empty(),
                Duration.ofSeconds(1));

        assertThat(response.get("id").asInt()).isEqualTo(5);
        assertThat(response.at("/error/code").asInt()).isEqualTo(-32603);
    }

    @Test
    void answerWhenTheServerWithdrawsItsRequestThenTheClientIsToldAndNoAnswerGoesBack() throws Exception {
        CountDownLatch asking = new CountDownLatch(1);
        Channel client = new Channel("session-a") {
            @Override
            public JsonNode ask(String method, JsonNode params, Duration timeout, AskCancellation cancellation) {
                CompletableFuture<JsonNode> answer = new CompletableFuture<>();
                cancellation.onCancel(() -> answer.completeExceptionally(new DownstreamException("withdrawn")));
                asking.countDown();
                try {
                    return answer.get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new DownstreamException("withdrawn");
                }
            }
        };
        CompletableFuture<ObjectNode> response = CompletableFuture.supplyAsync(() -> inFlight.answer(
                JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"method\":\"elicitation/create\"}"),
                Optional.of(client),
                Duration.ofSeconds(5)));
        assertThat(asking.await(5, TimeUnit.SECONDS)).isTrue();

        inFlight.withdraw(JSON.readTree("{\"requestId\":\"s-1\"}"));

        assertThat(response.get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void answerForSharedProcessWhenSamplingThenRefusedWithWhatToDo() {
        ObjectNode response = InFlightRequests.answerForSharedProcess(
                JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"sampling/createMessage\"}"), "notes");
        ObjectNode roots = InFlightRequests.answerForSharedProcess(
                JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"roots/list\"}"), "notes");

        assertThat(response.at("/error/message").asString()).contains("'notes'").contains("per_user");
        assertThat(roots.at("/result/roots")).isEmpty();
    }

    private static class Channel implements ClientChannel {
        final String session;
        final List<JsonNode> notified = new ArrayList<>();

        Channel(String session) {
            this.session = session;
        }

        @Override
        public UUID userId() {
            return UUID.nameUUIDFromBytes(session.getBytes());
        }

        @Override
        public String sessionKey() {
            return session;
        }

        @Override
        public void notify(String method, JsonNode params) {
            notified.add(params);
        }

        @Override
        public JsonNode ask(String method, JsonNode params, Duration timeout, AskCancellation cancellation) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void onCancel(Runnable cancel) {}
    }
}
