package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.downstream.DownstreamConnections;
import dev.mcp.ambassador.rbac.AccessPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One tool list from many servers: every published server the user holds a grant on, each tool
 * kept only if the grants permit it and renamed {@code <slug><separator><tool>}. Every other field
 * of a tool is passed on as the downstream described it.
 */
@Component
class ToolAggregator {

    private static final Logger log = LoggerFactory.getLogger(ToolAggregator.class);

    private final Catalog catalog;
    private final AccessPolicy policy;
    private final DownstreamConnections connections;
    private final String separator;

    ToolAggregator(
            Catalog catalog, AccessPolicy policy, DownstreamConnections connections, AmbassadorProperties properties) {
        this.catalog = catalog;
        this.policy = policy;
        this.connections = connections;
        this.separator = properties.mcp().toolNameSeparator();
    }

    /** A client-facing tool name split into server slug and the tool's own name. */
    record QualifiedName(String serverSlug, String toolName) {}

    List<JsonNode> tools(UUID userId, UUID presharedKeyId) {
        return tools(userId, server -> policy.rulesFor(userId, presharedKeyId, server));
    }

    /** What the user's grants alone let through, for the user's own view rather than a client session. */
    List<JsonNode> grantedTools(UUID userId) {
        return tools(userId, server -> policy.rulesFor(userId, server.id()));
    }

    private List<JsonNode> tools(UUID userId, Function<CatalogServer, AccessPolicy.AccessRules> rulesOf) {
        Set<UUID> granted = policy.grantedServers(userId);
        List<CatalogServer> servers = catalog.findPublished().stream()
                .filter(server -> granted.contains(server.id()))
                .toList();
        List<List<JsonNode>> perServer = EachServer.ask(
                servers,
                server -> {
                    AccessPolicy.AccessRules rules = rulesOf.apply(server);
                    List<JsonNode> offered = new ArrayList<>();
                    for (JsonNode tool : connections.listTools(server, userId)) {
                        String name = tool.path("name").asString("");
                        if (!name.isEmpty() && rules.permitsTool(name)) {
                            ObjectNode renamed = (ObjectNode) tool.deepCopy();
                            renamed.put("name", server.slug() + separator + name);
                            offered.add(renamed);
                        }
                    }
                    return offered;
                },
                log,
                "tools");
        return perServer.stream().flatMap(List::stream).toList();
    }

    String separator() {
        return separator;
    }

    Optional<QualifiedName> parse(String clientName) {
        int at = clientName.indexOf(separator);
        if (at <= 0 || at + separator.length() >= clientName.length()) {
            return Optional.empty();
        }
        return Optional.of(
                new QualifiedName(clientName.substring(0, at), clientName.substring(at + separator.length())));
    }
}
