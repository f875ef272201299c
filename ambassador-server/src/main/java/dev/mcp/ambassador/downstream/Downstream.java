package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.pipeline.ClientChannel;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A live MCP session with one downstream server, whatever its transport. */
interface Downstream extends AutoCloseable {

    /**
     * Sends a request and waits for its whole JSON-RPC response, {@code result} or {@code error}.
     * What the server sends about the request meanwhile goes to {@code caller}; a request nobody
     * is waiting for passes {@code null}. On timeout or when the caller cancels, the request is
     * cancelled downstream and a {@link DownstreamException} says why.
     */
    JsonNode request(String method, JsonNode params, Duration timeout, ClientChannel caller);

    /** Sends a notification; a server that is gone is not an error here. */
    void notify(String method, JsonNode params);

    /** Tells the server to stop working on request {@code id}, which nobody waits for any more. */
    default void cancel(long id, String reason) {
        notify(
                "notifications/cancelled",
                JsonNodeFactory.instance.objectNode().put("requestId", id).put("reason", reason));
    }

    /** What the server said it supports in its initialize answer. */
    JsonNode capabilities();

    boolean alive();

    /** The {@code Mcp-Param-*} headers {@code tool} declares, as far as this server has said. */
    default java.util.List<ParamHeaders.Declaration> paramHeaders(String tool) {
        return java.util.List.of();
    }

    /** Counts the MCP sessions opened with the server so far; a new one is another session. */
    default long generation() {
        return 0;
    }

    @Override
    void close();
}
