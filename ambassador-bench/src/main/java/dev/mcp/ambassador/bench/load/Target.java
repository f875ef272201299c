package dev.mcp.ambassador.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Something to drive: an MCP endpoint (or several), the bearer token to send (null for none), and
 * the one request every call makes. It keeps its open sessions, so alternating rounds reuse them
 * instead of paying {@code initialize} again; {@link #close} ends them.
 */
public final class Target implements AutoCloseable {

    private final String label;
    private final List<Endpoint> endpoints;
    private final String bearer;
    private final String method;
    private final String paramsJson;
    private final List<McpClient> sessions = new ArrayList<>();

    /** Where sessions open: an MCP endpoint and the client that reaches it. */
    public record Endpoint(HttpClient http, URI uri) {}

    public Target(String label, HttpClient http, URI endpoint, String bearer, String method, String paramsJson) {
        this(label, List.of(new Endpoint(http, endpoint)), bearer, method, paramsJson);
    }

    private Target(String label, List<Endpoint> endpoints, String bearer, String method, String paramsJson) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("a target needs at least one endpoint");
        }
        this.label = label;
        this.endpoints = List.copyOf(endpoints);
        this.bearer = bearer;
        this.method = method;
        this.paramsJson = paramsJson;
    }

    /** A {@code tools/call} of {@code tool} with a short {@code message} argument. */
    public static Target toolCall(String label, HttpClient http, URI endpoint, String bearer, String tool) {
        return toolCall(label, List.of(new Endpoint(http, endpoint)), bearer, tool);
    }

    /**
     * A {@code tools/call} whose sessions open on {@code endpoints} in turn (session i on endpoint
     * i mod n), each staying where it opened: a load balancer that spreads clients round-robin and
     * keeps every MCP session on its replica.
     */
    public static Target toolCall(String label, List<Endpoint> endpoints, String bearer, String tool) {
        return new Target(
                label,
                endpoints,
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
            Endpoint next = endpoints.get(sessions.size() % endpoints.size());
            sessions.add(McpClient.open(next.http(), next.uri(), bearer));
        }
        return List.copyOf(sessions.subList(0, count));
    }

    @Override
    public synchronized void close() {
        sessions.forEach(McpClient::close);
        sessions.clear();
    }
}
