package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.config.AmbassadorProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live downstream processes, started on first use: one per server when its isolation is
 * {@code shared}, one per (server, user) when it is {@code per_user}. A process that died is
 * started again on the next call.
 */
@Component
public class DownstreamConnections implements DisposableBean {

    private final JsonMapper json;
    private final Duration callTimeout;
    private final Duration maxCallTimeout;
    private final Map<Key, StdioDownstream> live = new ConcurrentHashMap<>();
    private final Map<Key, Object> startLocks = new ConcurrentHashMap<>();

    DownstreamConnections(JsonMapper json, AmbassadorProperties properties) {
        this.json = json;
        this.callTimeout = properties.mcp().callTimeout();
        this.maxCallTimeout = properties.mcp().maxCallTimeout();
    }

    private record Key(UUID serverId, UUID userId) {}

    /** The tools {@code server} offers, all pages of them, as the downstream describes them. */
    public List<JsonNode> listTools(CatalogServer server, UUID userId) {
        return listAll(server, userId, "tools/list", "tools");
    }

    /**
     * Every item of a paginated list ({@code resources/list}, {@code prompts/list}, …), following
     * {@code nextCursor} to the end.
     */
    public List<JsonNode> listAll(CatalogServer server, UUID userId, String method, String field) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            ObjectNode params = json.createObjectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode response = connection(server, userId).request(method, params, callTimeout);
            if (response.has("error")) {
                throw new DownstreamException("Server '" + server.slug() + "' could not answer " + method + ".");
            }
            JsonNode result = response.path("result");
            result.path(field).forEach(items::add);
            cursor = result.path("nextCursor").isString()
                    ? result.path("nextCursor").asString()
                    : null;
        } while (cursor != null);
        return items;
    }

    /** True when {@code server} announced {@code capability} (e.g. "resources") at initialize. */
    public boolean supports(CatalogServer server, UUID userId, String capability) {
        JsonNode capabilities = connection(server, userId).capabilities();
        return capabilities != null && capabilities.has(capability);
    }

    /** Sends one request and returns the whole JSON-RPC response, unchanged. */
    public JsonNode request(CatalogServer server, UUID userId, String method, JsonNode params) {
        return connection(server, userId).request(method, params, callTimeout);
    }

    /**
     * Sends {@code tools/call} and returns the whole JSON-RPC response. The server's own limit
     * applies if it has one, never more than the configured maximum; past it the call is cancelled
     * downstream and a {@link DownstreamException} says so.
     */
    public JsonNode callTool(CatalogServer server, UUID userId, JsonNode params) {
        return connection(server, userId).request("tools/call", params, callTimeoutOf(server));
    }

    Duration callTimeoutOf(CatalogServer server) {
        if (server.callTimeoutSeconds() == null) {
            return callTimeout;
        }
        Duration own = Duration.ofSeconds(server.callTimeoutSeconds());
        return own.compareTo(maxCallTimeout) > 0 ? maxCallTimeout : own;
    }

    /** Stops every process of {@code serverId}, so the next call starts from its current entry. */
    public void stop(UUID serverId) {
        live.entrySet().removeIf(entry -> {
            if (entry.getKey().serverId().equals(serverId)) {
                entry.getValue().close();
                return true;
            }
            return false;
        });
    }

    @Override
    public void destroy() {
        live.values().forEach(StdioDownstream::close);
        live.clear();
    }

    private StdioDownstream connection(CatalogServer server, UUID userId) {
        if (!"stdio".equals(server.transport())) {
            throw new DownstreamException(
                    "Server '" + server.slug() + "' uses a transport this ambassador does not serve yet.");
        }
        Key key = new Key(server.id(), "per_user".equals(server.isolation()) ? userId : null);
        StdioDownstream current = live.get(key);
        if (current != null && current.alive()) {
            return current;
        }
        synchronized (startLocks.computeIfAbsent(key, k -> new Object())) {
            current = live.get(key);
            if (current != null && current.alive()) {
                return current;
            }
            if (current != null) {
                current.close();
            }
            StdioDownstream started = StdioDownstream.start(server, server.env(), json, callTimeout);
            live.put(key, started);
            return started;
        }
    }
}
