package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.downstream.DownstreamException;
import dev.mcp.ambassador.pipeline.AskCancellation;
import dev.mcp.ambassador.pipeline.ClientChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One client request in flight and the stream its answer goes out on. What a downstream sends
 * about the request meanwhile (progress, log messages, its own requests to the client) goes out
 * on the same stream, before the answer, as the transport specification asks.
 */
final class Exchange implements ClientChannel {

    /** The client capability each relayed server-to-client request needs. */
    private static final Map<String, String> NEEDS = Map.of(
            "sampling/createMessage", "sampling",
            "elicitation/create", "elicitation",
            "roots/list", "roots");

    private final McpSession session;
    private final JsonNode requestId;
    private final EventStream stream;
    private final JsonMapper json;
    private final String clientAddress;
    private final List<Runnable> onCancel = new ArrayList<>();
    private boolean cancelled;

    Exchange(McpSession session, JsonNode requestId, EventStream stream, JsonMapper json, String clientAddress) {
        this.session = session;
        this.clientAddress = clientAddress;
        this.requestId = requestId;
        this.stream = stream;
        this.json = json;
    }

    /** Request ids compare as JSON, so the string "1" and the number 1 stay apart. */
    static String keyOf(JsonNode requestId) {
        return requestId == null ? "null" : requestId.toString();
    }

    String requestKey() {
        return keyOf(requestId);
    }

    /** The address the request came from, proxies resolved; for the audit trail. */
    String clientAddress() {
        return clientAddress;
    }

    McpSession session() {
        return session;
    }

    EventStream stream() {
        return stream;
    }

    @Override
    public UUID userId() {
        return session.userId();
    }

    @Override
    public String sessionKey() {
        return session.id();
    }

    @Override
    public void notify(String method, JsonNode params) {
        if (method.equals("notifications/message") && !wanted(session, params)) {
            return;
        }
        stream.append(json.writeValueAsString(notification(method, params)));
    }

    @Override
    public JsonNode ask(String method, JsonNode params, Duration timeout, AskCancellation cancellation) {
        String capability = NEEDS.get(method);
        if (capability == null || !session.clientCapabilities().has(capability)) {
            ObjectNode refusal = json.createObjectNode().put("jsonrpc", "2.0");
            refusal.putObject("error")
                    .put("code", JsonRpc.METHOD_NOT_FOUND)
                    .put("message", "The client does not support " + method + ".");
            return refusal;
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        String askId = session.expectAnswer(answer);
        ObjectNode request =
                json.createObjectNode().put("jsonrpc", "2.0").put("id", askId).put("method", method);
        if (params != null && !params.isMissingNode()) {
            request.set("params", params);
        }
        try {
            if (stream.append(json.writeValueAsString(request)) < 0) {
                throw new DownstreamException("The client's request has already been answered.");
            }
            cancellation.onCancel(() -> {
                // The server withdrew its request: the client is told, and its answer is not awaited.
                ObjectNode withdrawn = json.createObjectNode().put("requestId", askId);
                withdrawn.put("reason", "The server withdrew its request.");
                stream.append(json.writeValueAsString(notification("notifications/cancelled", withdrawn)));
                answer.completeExceptionally(new DownstreamException("The server withdrew " + method + "."));
            });
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DownstreamException(
                    "The client did not answer " + method + " within " + timeout.toSeconds() + " s.");
        } catch (ExecutionException e) {
            throw new DownstreamException("The client could not answer " + method + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownstreamException("Asking the client was interrupted.");
        } finally {
            session.forgetAnswer(askId);
        }
    }

    @Override
    public void onCancel(Runnable cancel) {
        boolean runNow;
        synchronized (this) {
            runNow = cancelled;
            if (!runNow) {
                onCancel.add(cancel);
            }
        }
        if (runNow) {
            cancel.run();
        }
    }

    void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(onCancel);
            onCancel.clear();
        }
        toRun.forEach(Runnable::run);
    }

    /** Sends the answer, which ends the stream. */
    void respond(JsonNode response) {
        stream.appendLast(json.writeValueAsString(response));
    }

    ObjectNode notification(String method, JsonNode params) {
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null && !params.isMissingNode()) {
            message.set("params", params);
        }
        return message;
    }

    /** Log messages below the level the client set are not sent; without a level, all are. */
    static boolean wanted(McpSession session, JsonNode params) {
        return session.logLevel()
                .map(threshold -> LogLevel.parse(params.path("level").asString(""))
                        .map(level -> level.atLeast(threshold))
                        .orElse(true))
                .orElse(true);
    }
}
