package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.pipeline.AskCancellation;
import dev.mcp.ambassador.pipeline.ClientChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts the input requests of a 2026-07-28 server's {@code InputRequiredResult} to the caller and
 * gathers the answers for the server's retry: one after another, each as the server's own request
 * would be put (a 2025 client), or all at once (a 2026-07-28 client, in one round of its own).
 */
final class InputAnswers {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String slug;
    private final InFlightRequests inFlight;
    private final Duration clientTimeout;

    InputAnswers(String slug, InFlightRequests inFlight, Duration clientTimeout) {
        this.slug = slug;
        this.inFlight = inFlight;
        this.clientTimeout = clientTimeout;
    }

    /**
     * Asks the caller each input request of {@code result} and puts the answers, with the
     * server's {@code requestState}, into {@code next} for the retry. Returns an error response
     * instead when one cannot be answered, since the server cannot go on without it.
     */
    ObjectNode answer(long call, JsonNode result, ClientChannel caller, ObjectNode next) {
        List<Map.Entry<String, JsonNode>> requests =
                new ArrayList<>(result.path("inputRequests").properties());
        Map<String, JsonNode> answers = caller != null && caller.asksAtOnce() && requests.size() > 1
                ? askAtOnce(requests, caller)
                : askInTurn(call, requests, caller);
        ObjectNode responses = NODES.objectNode();
        for (Map.Entry<String, JsonNode> answer : answers.entrySet()) {
            if (answer.getValue() == null || answer.getValue().has("error")) {
                ObjectNode refusal = NODES.objectNode().put("jsonrpc", "2.0");
                refusal.set(
                        "error",
                        answer.getValue() != null
                                ? answer.getValue().get("error")
                                : NODES.objectNode()
                                        .put("code", -32603)
                                        .put("message", "Server '" + slug + "' needed input that was not given."));
                return refusal;
            }
            responses.set(answer.getKey(), answer.getValue().get("result"));
        }
        next.set("inputResponses", responses);
        if (result.path("requestState").isString()) {
            next.set("requestState", result.get("requestState"));
        } else {
            next.remove("requestState");
        }
        return null;
    }

    /** Each question as the server's own request would be put, one after another; stops at a refusal. */
    private Map<String, JsonNode> askInTurn(
            long call, List<Map.Entry<String, JsonNode>> requests, ClientChannel caller) {
        Map<String, JsonNode> answers = new LinkedHashMap<>();
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
                caller.onCancel(() -> inFlight.withdraw(withdrawn));
            }
            ObjectNode answer = inFlight.answer(asked, request.getKey(), Optional.ofNullable(caller), clientTimeout);
            answers.put(request.getKey(), answer);
            if (answer == null || answer.has("error")) {
                break;
            }
        }
        return answers;
    }

    /** All questions at once, to a client that answers them in one round (a 2026-07-28 client). */
    private Map<String, JsonNode> askAtOnce(List<Map.Entry<String, JsonNode>> requests, ClientChannel caller) {
        Map<String, JsonNode> questions = new LinkedHashMap<>();
        requests.forEach(request -> questions.put(request.getKey(), request.getValue()));
        AskCancellation cancellation = new AskCancellation();
        caller.onCancel(cancellation::cancel);
        try {
            return caller.askAll(questions, clientTimeout, cancellation);
        } catch (DownstreamException e) {
            ObjectNode failed = NODES.objectNode().put("jsonrpc", "2.0");
            failed.putObject("error").put("code", -32603).put("message", e.getMessage());
            return Map.of(requests.getFirst().getKey(), failed);
        }
    }
}
