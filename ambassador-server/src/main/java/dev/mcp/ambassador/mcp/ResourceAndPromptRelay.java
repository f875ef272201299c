package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.downstream.Catalog;
import dev.mcp.ambassador.downstream.CatalogServer;
import dev.mcp.ambassador.downstream.DownstreamConnections;
import dev.mcp.ambassador.downstream.DownstreamException;
import dev.mcp.ambassador.rbac.AccessPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resources and prompts of every server the caller may reach, in one list each. Resource URIs are
 * offered as {@code mcp-ambassador://<slug>/<original uri>} and prompt names as {@code
 * <slug><separator><name>}; both are mapped back before a request goes downstream. A server is
 * reachable when a grant names it (and the caller's key scope, if any, does too).
 */
@Component
class ResourceAndPromptRelay {

    static final String URI_PREFIX = "mcp-ambassador://";
    private static final Logger log = LoggerFactory.getLogger(ResourceAndPromptRelay.class);

    private final Catalog catalog;
    private final AccessPolicy policy;
    private final DownstreamConnections connections;
    private final ToolAggregator names;

    ResourceAndPromptRelay(
            Catalog catalog, AccessPolicy policy, DownstreamConnections connections, ToolAggregator names) {
        this.catalog = catalog;
        this.policy = policy;
        this.connections = connections;
        this.names = names;
    }

    List<JsonNode> list(UUID userId, UUID keyId, String capability, String method, String field) {
        List<JsonNode> items = new ArrayList<>();
        for (CatalogServer server : reachable(userId, keyId)) {
            try {
                if (!connections.supports(server, userId, capability)) {
                    continue;
                }
                for (JsonNode item : connections.listAll(server, userId, method, field)) {
                    items.add(renamed(server.slug(), item));
                }
            } catch (DownstreamException e) {
                log.warn("Leaving out the {} of '{}': {}", field, server.slug(), e.getMessage());
            }
        }
        return items;
    }

    /** Forwards resources/read or prompts/get; empty when the target is unknown or unreachable. */
    Optional<JsonNode> forward(UUID userId, UUID keyId, String method, JsonNode params) {
        ObjectNode downstreamParams =
                params.isObject() ? (ObjectNode) params.deepCopy() : JsonNodeFactory.instance.objectNode();
        String slug;
        if (method.equals("resources/read")) {
            String uri = params.path("uri").asString("");
            if (!uri.startsWith(URI_PREFIX) || uri.indexOf('/', URI_PREFIX.length()) < 0) {
                return Optional.empty();
            }
            int slash = uri.indexOf('/', URI_PREFIX.length());
            slug = uri.substring(URI_PREFIX.length(), slash);
            downstreamParams.put("uri", uri.substring(slash + 1));
        } else {
            Optional<ToolAggregator.QualifiedName> name =
                    names.parse(params.path("name").asString(""));
            if (name.isEmpty()) {
                return Optional.empty();
            }
            slug = name.get().serverSlug();
            downstreamParams.put("name", name.get().toolName());
        }
        Optional<CatalogServer> server = reachable(userId, keyId).stream()
                .filter(candidate -> candidate.slug().equals(slug))
                .findFirst();
        if (server.isEmpty()) {
            return Optional.empty();
        }
        JsonNode response;
        try {
            response = connections.request(server.get(), userId, method, downstreamParams);
        } catch (DownstreamException e) {
            ObjectNode failed = JsonNodeFactory.instance.objectNode();
            failed.putObject("error").put("code", -32001).put("message", e.getMessage());
            return Optional.of(failed);
        }
        if (method.equals("resources/read") && response.has("result")) {
            ObjectNode result = (ObjectNode) response.get("result").deepCopy();
            result.path("contents").forEach(content -> prefixUri(slug, content, "uri"));
            ObjectNode copy = (ObjectNode) response.deepCopy();
            copy.set("result", result);
            return Optional.of(copy);
        }
        return Optional.of(response);
    }

    private List<CatalogServer> reachable(UUID userId, UUID keyId) {
        var granted = policy.grantedServers(userId);
        return catalog.findPublished().stream()
                .filter(server -> granted.contains(server.id()))
                .filter(server -> policy.rulesFor(userId, keyId, server).reachesServer())
                .toList();
    }

    private JsonNode renamed(String slug, JsonNode item) {
        ObjectNode copy = (ObjectNode) item.deepCopy();
        prefixUri(slug, copy, "uri");
        prefixUri(slug, copy, "uriTemplate");
        if (copy.has("name") && !copy.has("uri") && !copy.has("uriTemplate")) {
            copy.put("name", slug + names.separator() + copy.get("name").asString());
        }
        return copy;
    }

    private static void prefixUri(String slug, JsonNode node, String field) {
        if (node instanceof ObjectNode object && object.path(field).isString()) {
            object.put(field, URI_PREFIX + slug + "/" + object.get(field).asString());
        }
    }
}
