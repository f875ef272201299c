package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.downstream.DownstreamException;
import dev.mcp.ambassador.pipeline.AskCancellation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2026-07-28 request in flight. A server cannot send this client requests of its own, so when a
 * downstream asks for sampling, elicitation or roots, the client's request is answered with an
 * {@code InputRequiredResult} carrying the question, and the downstream waits for the client's
 * retry, which {@link InputRounds} hands back here; the rest of the answer then goes to the retry.
 */
final class ModernExchange extends Exchange {

    private final InputRounds rounds;
    private final JsonNode clientCapabilities;
    private final String requestMethod;
    private final String requestName;
    private final Map<String, String> paramHeaders;

    ModernExchange(
            McpSession session,
            JsonNode requestId,
            JsonMapper json,
            String clientAddress,
            InputRounds rounds,
            JsonNode clientCapabilities,
            String requestMethod,
            String requestName,
            Map<String, String> paramHeaders) {
        super(session, requestId, session.openStream(), json, clientAddress);
        this.rounds = rounds;
        this.clientCapabilities = clientCapabilities;
        this.requestMethod = requestMethod;
        this.requestName = requestName;
        this.paramHeaders = paramHeaders;
    }

    String requestMethod() {
        return requestMethod;
    }

    /** The {@code Mcp-Param-*} header {@code name} as the client sent it, or null; names match in any case. */
    String paramHeader(String name) {
        return paramHeaders.get(name.toLowerCase(Locale.ROOT));
    }

    /** The tool or prompt name, or resource URI, the request is about. */
    String requestName() {
        return requestName;
    }

    @Override
    public JsonNode ask(String method, JsonNode params, Duration timeout, AskCancellation cancellation) {
        return ask(InputRounds.INPUT_KEY, method, params, timeout, cancellation);
    }

    @Override
    public JsonNode ask(String key, String method, JsonNode params, Duration timeout, AskCancellation cancellation) {
        ObjectNode question = json().createObjectNode().put("method", method);
        if (params != null && !params.isMissingNode() && !params.isNull()) {
            question.set("params", params);
        }
        return askAll(Map.of(key, question), timeout, cancellation).get(key);
    }

    @Override
    public boolean asksAtOnce() {
        return true;
    }

    /**
     * One round for all {@code questions}: the client gets them in one {@code InputRequiredResult}
     * and answers them in one retry. A question the client lacks the capability for is not put to
     * it; its refusal follows the answers to the others, as it would have in turn.
     */
    @Override
    public Map<String, JsonNode> askAll(
            Map<String, JsonNode> questions, Duration timeout, AskCancellation cancellation) {
        ObjectNode inputRequests = json().createObjectNode();
        Map<String, JsonNode> refusals = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> question : questions.entrySet()) {
            JsonNode refusal = refusal(question.getValue().path("method").asString(""));
            if (refusal != null) {
                refusals.put(question.getKey(), refusal);
            } else {
                inputRequests.set(question.getKey(), question.getValue());
            }
        }
        if (inputRequests.isEmpty()) {
            return refusals;
        }
        String asked = String.join(", ", inputRequests.propertyNames());
        InputRounds.Round round = rounds.open(this, inputRequests, timeout);
        try {
            EventStream asking = stream();
            asking.appendLast(json().writeValueAsString(JsonRpc.result(requestId(), InputRounds.inputRequired(round))));
            cancellation.onCancel(() -> round.answer()
                    .completeExceptionally(new DownstreamException("The server withdrew " + asked + ".")));
            JsonNode responses = round.answer().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, JsonNode> answers = new LinkedHashMap<>();
            for (String key : inputRequests.propertyNames()) {
                ObjectNode answer = json().createObjectNode().put("jsonrpc", "2.0");
                answer.set("result", responses.get(key));
                answers.put(key, answer);
            }
            answers.putAll(refusals);
            return answers;
        } catch (TimeoutException e) {
            throw new DownstreamException(
                    "The client did not come back with " + asked + " within " + timeout.toSeconds() + " s.");
        } catch (ExecutionException e) {
            throw new DownstreamException("The client could not answer " + asked + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownstreamException("Asking the client was interrupted.");
        } finally {
            rounds.close(round);
        }
    }

    /** The error for a question this client cannot be asked, or null. */
    private JsonNode refusal(String method) {
        String capability = capabilityFor(method);
        if (capability != null && clientCapabilities.has(capability)) {
            return null;
        }
        ObjectNode refusal = json().createObjectNode().put("jsonrpc", "2.0");
        if (capability == null) {
            refusal.putObject("error")
                    .put("code", JsonRpc.METHOD_NOT_FOUND)
                    .put("message", "The client does not support " + method + ".");
        } else {
            refusal.set("error", ProtocolVersions.missingCapability(capability, method));
        }
        return refusal;
    }

    /**
     * A 2026-07-28 client that named no {@code logLevel} in its request's {@code _meta} gets no log
     * messages for it, whatever its servers send.
     */
    @Override
    public void notify(String method, JsonNode params) {
        if (method.equals("notifications/message") && session().logLevel().isEmpty()) {
            return;
        }
        super.notify(method, params);
    }

    /** The answer goes to the request the client is waiting on now, under that request's id. */
    @Override
    void respond(JsonNode response) {
        if (response instanceof ObjectNode object) {
            ObjectNode current = object.deepCopy();
            current.set("id", requestId());
            super.respond(current);
        } else {
            super.respond(response);
        }
    }
}
