package dev.mcp.ambassador.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Something to drive: an MCP endpoint, the bearer token to send (null for none), and the one
 * request every call makes. It keeps its open sessions, so alternating rounds reuse them instead of
 * paying {@code initialize} again; {@link #close} ends them.
 */
public final class Target implements AutoCloseable {

    private final String label;
    private final HttpClient http;
    private final URI endpoint;
    private final String bearer;
    private final String method;
    private final String paramsJson;
    private final List<McpClient> sessions = new ArrayList<>();

    public Target(String label, HttpClient http, URI endpoint, String bearer, String method, String paramsJson) {
        this.label = label;
        this.http = http;
        this.endpoint = endpoint;
        this.bearer = bearer;
        this.method = method;
        this.paramsJson = paramsJson;
    }

    /** A {@code tools/call} of {@code tool} with a short {@code message} argument. */
    public static Target toolCall(String label, HttpClient http, URI endpoint, String bearer, String tool) {
        return new Target(
                label,
                http,
                endpoint,
                bearer,
                "tools/call",
                "{\"name\":\"" + tool + "\",\"arguments\":{\"message\":\"hello from the benchmark\"}}");
    }

    public String label() {
        return label;
    }

    /** Makes this target's call once on {@code session}. */
    void call(McpClient session) {
        session.request(method, paramsJson);
    }

    /** The first {@code count} sessions, opening the missing ones first. */
    synchronized List<McpClient> sessions(int count) {
        while (sessions.size() < count) {
            sessions.add(McpClient.open(http, endpoint, bearer));
        }
        return List.copyOf(sessions.subList(0, count));
    }

    @Override
    public synchronized void close() {
        sessions.forEach(McpClient::close);
        sessions.clear();
    }
}
