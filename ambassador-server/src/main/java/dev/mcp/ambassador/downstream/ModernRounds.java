package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.pipeline.ClientChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code InputRequiredResult} rounds of one request to a 2026-07-28 server, whatever carries
 * it: each input request is put to the caller as a legacy server's own request would be ({@link
 * InFlightRequests#answer}: a legacy client gets an ordinary server-to-client request, a modern
 * client its own round), and the request is sent again with {@code inputResponses} and the
 * server's {@code requestState}, which never leaves the ambassador, until the result is final.
 * The questions belong to the request that got them, so the caller is known even on a process
 * all users share.
 */
final class ModernRounds {

    /** How many times one request may be answered with {@code InputRequiredResult}. */
    static final int MAX_ROUNDS = 10;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String slug;
    private final Duration clientTimeout;
    private final InFlightRequests asks = new InFlightRequests();

    ModernRounds(String slug, Duration clientTimeout) {
        this.slug = slug;
        this.clientTimeout = clientTimeout;
    }

    /**
     * Sends {@code params} (already in their envelope) through {@code send}, once per round, and
     * returns the final response as a 2025-11-25 client expects it ({@link ModernEnvelope#asLegacy}).
     *
     * @param call names this request among the downstream's, for the questions asked on its behalf
     * @param send one exchange with the server: the params of a round in, the whole response out
     */
    JsonNode run(long call, ObjectNode params, ClientChannel caller, Function<ObjectNode, JsonNode> send) {
        ObjectNode current = params;
        for (int round = 1; ; round++) {
            JsonNode answer = send.apply(current);
            if (!ModernEnvelope.inputRequired(answer)) {
                return ModernEnvelope.asLegacy(answer);
            }
            if (round == MAX_ROUNDS) {
                throw new DownstreamException(
                        "Server '" + slug + "' asked for input more than " + MAX_ROUNDS + " times in one request.");
            }
            ObjectNode failed = answerInputs(call, answer.get("result"), caller, current);
            if (failed != null) {
                return failed;
            }
        }
    }

    /**
     * Asks the caller each input request of {@code result} and puts the answers, with the
     * server's {@code requestState}, into {@code next} for the retry. Returns an error response
     * instead when one cannot be answered, since the server cannot go on without it.
     */
    private ObjectNode answerInputs(long call, JsonNode result, ClientChannel caller, ObjectNode next) {
        ObjectNode responses = NODES.objectNode();
        List<Map.Entry<String, JsonNode>> requests =
                new ArrayList<>(result.path("inputRequests").properties());
        for (Map.Entry<String, JsonNode> request : requests) {
            // Named for this call, so that the client's cancel withdraws this question and no other.
            String askId = call + ":" + request.getKey();
            ObjectNode asked = NODES.objectNode().put("jsonrpc", "2.0").put("id", askId);
            asked.put("method", request.getValue().path("method").asString(""));
            if (request.getValue().has("params")) {
                asked.set("params", request.getValue().get("params"));
            }
            if (caller != null) {
                ObjectNode withdrawn = NODES.objectNode().put("requestId", askId);
                caller.onCancel(() -> asks.withdraw(withdrawn));
            }
            ObjectNode answer = asks.answer(asked, Optional.ofNullable(caller), clientTimeout);
            if (answer == null || answer.has("error")) {
                ObjectNode refusal = NODES.objectNode().put("jsonrpc", "2.0");
                refusal.set(
                        "error",
                        answer != null
                                ? answer.get("error")
                                : NODES.objectNode()
                                        .put("code", -32603)
                                        .put("message", "Server '" + slug + "' needed input that was not given."));
                return refusal;
            }
            responses.set(request.getKey(), answer.get("result"));
        }
        next.set("inputResponses", responses);
        if (result.path("requestState").isString()) {
            next.set("requestState", result.get("requestState"));
        } else {
            next.remove("requestState");
        }
        return null;
    }
}
