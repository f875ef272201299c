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

/**
 * One tool list from many servers: every published server the user holds a grant on, each tool
 * kept only if the grants permit it and named for the client by the server's {@code name_mapping}
 * ({@link ClientNames}; by default {@code <slug><separator><tool>}). Every other field of a tool is
 * passed on as the downstream described it.
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
        return ClientNames.apply(offered(rulesOf(userId, presharedKeyId), userId, granted(userId)), separator);
    }

    /** What the user's grants alone let through, for the user's own view rather than a client session. */
    List<JsonNode> grantedTools(UUID userId) {
        return ClientNames.apply(
                offered(server -> policy.rulesFor(userId, server.id()), userId, granted(userId)), separator);
    }

    private Function<CatalogServer, AccessPolicy.AccessRules> rulesOf(UUID userId, UUID presharedKeyId) {
        return server -> policy.rulesFor(userId, presharedKeyId, server);
    }

    /**
     * Where a client's tool name goes: a name some server shows unprefixed (its {@code
     * name_mapping} is {@code never}, or {@code when_ambiguous} and no other server shows the same),
     * else {@code <slug><separator><tool>}. Empty for a name no single server answers to.
     */
    Optional<QualifiedName> resolve(UUID userId, UUID presharedKeyId, String clientName) {
        List<CatalogServer> unprefixed = granted(userId).stream()
                .filter(server -> !server.nameMapping().equals(CatalogServer.MAP_ALWAYS))
                .toList();
        if (!unprefixed.isEmpty()) {
            List<ClientNames.Named> found =
                    ClientNames.unprefixed(offered(rulesOf(userId, presharedKeyId), userId, unprefixed), clientName);
            if (!found.isEmpty()) {
                return ClientNames.single(found)
                        .map(named -> new QualifiedName(named.server().slug(), named.ownName()));
            }
        }
        return parse(clientName);
    }

    private List<CatalogServer> granted(UUID userId) {
        Set<UUID> granted = policy.grantedServers(userId);
        return catalog.findPublished().stream()
                .filter(server -> granted.contains(server.id()))
                .toList();
    }

    /** The tools each server offers that the caller may use, in the server's own names. */
    private List<ClientNames.Offered> offered(
            Function<CatalogServer, AccessPolicy.AccessRules> rulesOf, UUID userId, List<CatalogServer> servers) {
        return EachServer.ask(
                servers,
                server -> {
                    AccessPolicy.AccessRules rules = rulesOf.apply(server);
                    List<JsonNode> offered = new ArrayList<>();
                    for (JsonNode tool : connections.listTools(server, userId)) {
                        String name = tool.path("name").asString("");
                        if (!name.isEmpty() && rules.permitsTool(name)) {
                            offered.add(tool);
                        }
                    }
                    return new ClientNames.Offered(server, offered);
                },
                log,
                "tools");
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
