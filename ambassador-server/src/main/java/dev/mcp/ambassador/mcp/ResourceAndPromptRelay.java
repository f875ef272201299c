package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.downstream.DownstreamConnections;
import dev.mcp.ambassador.downstream.DownstreamException;
import dev.mcp.ambassador.pipeline.Subject;
import dev.mcp.ambassador.rbac.AccessPolicy;
import dev.mcp.ambassador.redaction.Redactor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resources, prompts and completions of every server the caller may reach. Resource URIs are
 * offered as {@code mcp-ambassador://<slug>/<original uri>} and prompt names as {@code
 * <slug><separator><name>}; both are mapped back before a request goes downstream. A server is
 * reachable when a grant names it (and the caller's key scope, if any, does too); what of it a
 * caller sees in lists is what RBAC would let the same caller read or get.
 *
 * <p>A URI without the ambassador's prefix names no server; it is sent to the one reachable server
 * that could serve it, and refused when there is none or more than one.
 */
@Component
class ResourceAndPromptRelay {

    static final String URI_PREFIX = "mcp-ambassador://";
    private static final Logger log = LoggerFactory.getLogger(ResourceAndPromptRelay.class);

    private final Catalog catalog;
    private final AccessPolicy policy;
    private final DownstreamConnections connections;
    private final ToolAggregator names;
    private final Redactor redactor;

    ResourceAndPromptRelay(
            Catalog catalog,
            AccessPolicy policy,
            DownstreamConnections connections,
            ToolAggregator names,
            Redactor redactor) {
        this.redactor = redactor;
        this.catalog = catalog;
        this.policy = policy;
        this.connections = connections;
        this.names = names;
    }

    /**
     * A request's downstream server and the params to send it, names and URIs mapped back.
     *
     * @param slug the server the client named
     * @param server its published catalog entry; null when there is none (RBAC refuses it)
     * @param subject the prompt or resource asked for, in the server's own terms
     * @param mapped whether the client named it with the server's prefix, so the answer's URIs get
     *     it too
     */
    record Target(String slug, CatalogServer server, Subject subject, ObjectNode params, boolean mapped) {}

    List<JsonNode> list(UUID userId, UUID keyId, String capability, String method, String field) {
        return ClientNames.apply(
                offered(userId, keyId, reachable(userId, keyId), capability, method, field), names.separator());
    }

    /** What each of {@code servers} lists that the caller may use, in the servers' own terms. */
    private List<ClientNames.Offered> offered(
            UUID userId, UUID keyId, List<CatalogServer> servers, String capability, String method, String field) {
        return EachServer.ask(
                servers,
                server -> {
                    if (!connections.supports(server, userId, capability)) {
                        return new ClientNames.Offered(server, List.of());
                    }
                    AccessPolicy.AccessRules rules = policy.rulesFor(userId, keyId, server);
                    return new ClientNames.Offered(
                            server,
                            connections.listAll(server, userId, method, field).stream()
                                    .filter(item -> permitted(rules, field, item))
                                    .toList());
                },
                log,
                field);
    }

    /**
     * The one reachable server that shows {@code clientName} unprefixed in {@code field} (by its
     * {@code name_mapping}), with the item's own name; empty when none or several do.
     */
    private Optional<ClientNames.Named> unprefixed(
            UUID userId, UUID keyId, String clientName, String capability, String method, String field) {
        List<CatalogServer> servers = reachable(userId, keyId).stream()
                .filter(server -> !server.nameMapping().equals(CatalogServer.MAP_ALWAYS))
                .toList();
        if (servers.isEmpty()) {
            return Optional.empty();
        }
        return ClientNames.single(
                ClientNames.unprefixed(offered(userId, keyId, servers, capability, method, field), clientName));
    }

    /** Lists are filtered by the very rules requests are checked against. */
    private static boolean permitted(AccessPolicy.AccessRules rules, String field, JsonNode item) {
        return switch (field) {
            case "resources" ->
                rules.permits(Subject.Type.RESOURCE, item.path("uri").asString(""));
            case "resourceTemplates" ->
                rules.permits(Subject.Type.RESOURCE, item.path("uriTemplate").asString(""));
            case "prompts" ->
                rules.permits(Subject.Type.PROMPT, item.path("name").asString(""));
            default -> false;
        };
    }

    /** The capabilities of every reachable server, for the ambassador's own initialize answer. */
    List<JsonNode> capabilities(UUID userId, UUID keyId) {
        return EachServer.ask(
                reachable(userId, keyId), server -> connections.capabilities(server, userId), log, "capabilities");
    }

    /**
     * Where {@code resources/read} or {@code resources/(un)subscribe} of {@code params.uri} goes.
     * Empty when the URI names no server and no single reachable server could serve it.
     */
    Optional<Target> resource(UUID userId, UUID keyId, JsonNode params, String capability, String feature) {
        String uri = params.path("uri").asString("");
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode downstreamParams = copy(params);
        Optional<Prefixed> prefixed = Prefixed.parse(uri);
        if (prefixed.isPresent()) {
            downstreamParams.put("uri", prefixed.get().uri());
            return Optional.of(target(
                    prefixed.get().slug(), Subject.resource(prefixed.get().uri()), downstreamParams));
        }
        List<CatalogServer> candidates = reachable(userId, keyId).stream()
                .filter(server -> offers(server, userId, capability, feature))
                .toList();
        List<CatalogServer> unprefixed = candidates.stream()
                .filter(server -> !server.nameMapping().equals(CatalogServer.MAP_ALWAYS))
                .toList();
        if (unprefixed.size() > 1) {
            // Several servers show URIs as their own: the one that lists this URI, if just one does.
            unprefixed = unprefixed(userId, keyId, uri, "resources", "resources/list", "resources")
                    .map(named -> List.of(named.server()))
                    .orElse(List.of());
        }
        // A server that shows its URIs unprefixed is asked even for one it did not list.
        List<CatalogServer> chosen = unprefixed.isEmpty() ? candidates : unprefixed;
        return chosen.size() == 1
                ? Optional.of(new Target(
                        chosen.getFirst().slug(), chosen.getFirst(), Subject.resource(uri), downstreamParams, false))
                : Optional.empty();
    }

    /** Where {@code prompts/get} of {@code params.name} goes. */
    Optional<Target> prompt(UUID userId, UUID keyId, JsonNode params) {
        Optional<ToolAggregator.QualifiedName> name =
                promptName(userId, keyId, params.path("name").asString(""));
        if (name.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode downstreamParams = copy(params);
        downstreamParams.put("name", name.get().toolName());
        return Optional.of(
                target(name.get().serverSlug(), Subject.prompt(name.get().toolName()), downstreamParams));
    }

    /** Where {@code completion/complete} goes, by its prompt or resource template reference. */
    Optional<Target> completion(UUID userId, UUID keyId, JsonNode params) {
        JsonNode ref = params.path("ref");
        String type = ref.path("type").asString("");
        ObjectNode downstreamParams = copy(params);
        ObjectNode downstreamRef = downstreamParams.putObject("ref");
        downstreamRef.setAll((ObjectNode) (ref.isObject() ? ref : JsonNodeFactory.instance.objectNode()));
        if (type.equals("ref/prompt")) {
            Optional<ToolAggregator.QualifiedName> name =
                    promptName(userId, keyId, ref.path("name").asString(""));
            if (name.isEmpty()) {
                return Optional.empty();
            }
            downstreamRef.put("name", name.get().toolName());
            return Optional.of(
                    target(name.get().serverSlug(), Subject.prompt(name.get().toolName()), downstreamParams));
        }
        if (type.equals("ref/resource")) {
            Optional<Prefixed> prefixed = Prefixed.parse(ref.path("uri").asString(""));
            if (prefixed.isEmpty()) {
                return Optional.empty();
            }
            downstreamRef.put("uri", prefixed.get().uri());
            return Optional.of(target(
                    prefixed.get().slug(), Subject.resource(prefixed.get().uri()), downstreamParams));
        }
        return Optional.empty();
    }

    /** A prompt name some server shows unprefixed, else {@code <slug><separator><name>}. */
    private Optional<ToolAggregator.QualifiedName> promptName(UUID userId, UUID keyId, String clientName) {
        Optional<ClientNames.Named> named = unprefixed(userId, keyId, clientName, "prompts", "prompts/list", "prompts");
        if (named.isPresent()) {
            return Optional.of(new ToolAggregator.QualifiedName(
                    named.get().server().slug(), named.get().ownName()));
        }
        return names.parse(clientName);
    }

    /** The published server of {@code slug}, looked up once for the whole request; null when none. */
    CatalogServer published(String slug) {
        return catalog.findBySlug(slug).filter(CatalogServer::published).orElse(null);
    }

    private Target target(String slug, Subject subject, ObjectNode params) {
        return new Target(slug, published(slug), subject, params, true);
    }

    /** A {@code resources/read} result with its contents' URIs mapped for the client. */
    static JsonNode clientReadResult(String slug, JsonNode result) {
        ObjectNode copy = (ObjectNode) result.deepCopy();
        copy.path("contents").forEach(content -> prefixUri(slug, content, "uri"));
        return copy;
    }

    /** The live process or session that serves {@code userId} for {@code server}; null if none. */
    String connectionId(CatalogServer server, UUID userId) {
        return connections.connectionId(server, userId);
    }

    /** The user a process or session of {@code server} serves alone; null for a shared one. */
    UUID ownerOf(CatalogServer server, UUID userId) {
        return connections.ownerOf(server, userId);
    }

    /** Ends each process or session serving one user alone on a server no grant gives them now. */
    void releaseWhereNotGranted() {
        Map<UUID, Set<UUID>> granted = new HashMap<>();
        connections.releaseWhereNot((serverId, userId) ->
                granted.computeIfAbsent(userId, policy::grantedServers).contains(serverId));
    }

    /**
     * True when {@code userId}, within the scope of key {@code keyId}, may still use {@code server}:
     * two small queries, cheap enough to ask for each notification.
     */
    boolean reachesWithKey(UUID userId, UUID keyId, CatalogServer server) {
        return policy.rulesFor(userId, keyId, server).reachesServer();
    }

    /** True when the caller may use {@code subject} on {@code server} now, by the rules RBAC applies. */
    boolean permits(UUID userId, UUID keyId, CatalogServer server, Subject subject) {
        return policy.rulesFor(userId, keyId, server).permits(subject);
    }

    static String clientUri(String slug, String uri) {
        return URI_PREFIX + slug + "/" + uri;
    }

    private record Prefixed(String slug, String uri) {
        static Optional<Prefixed> parse(String uri) {
            if (!uri.startsWith(URI_PREFIX)) {
                return Optional.empty();
            }
            int slash = uri.indexOf('/', URI_PREFIX.length());
            if (slash <= URI_PREFIX.length()) {
                return Optional.empty();
            }
            return Optional.of(new Prefixed(uri.substring(URI_PREFIX.length(), slash), uri.substring(slash + 1)));
        }
    }

    private boolean offers(CatalogServer server, UUID userId, String capability, String feature) {
        try {
            JsonNode announced = connections.capabilities(server, userId).path(capability);
            return !announced.isMissingNode()
                    && (feature == null || announced.path(feature).asBoolean(false));
        } catch (DownstreamException e) {
            return false;
        }
    }

    /** A server's own tasks ({@code tasks/list}, every page) from each reachable server that lists them. */
    Map<CatalogServer, List<JsonNode>> downstreamTasks(UUID userId, UUID keyId) {
        Map<CatalogServer, List<JsonNode>> all = new LinkedHashMap<>();
        for (CatalogServer server : reachable(userId, keyId)) {
            try {
                if (!connections.capabilities(server, userId).path("tasks").has("list")) {
                    continue;
                }
                all.put(server, connections.listAll(server, userId, "tasks/list", "tasks"));
            } catch (DownstreamException e) {
                log.warn("Leaving out the tasks of '{}': {}", server.slug(), redactor.forLog(e.getMessage()));
            }
        }
        return all;
    }

    private List<CatalogServer> reachable(UUID userId, UUID keyId) {
        var granted = policy.grantedServers(userId);
        return catalog.findPublished().stream()
                .filter(server -> granted.contains(server.id()))
                .filter(server -> policy.rulesFor(userId, keyId, server).reachesServer())
                .toList();
    }

    private static ObjectNode copy(JsonNode params) {
        return params.isObject() ? (ObjectNode) params.deepCopy() : JsonNodeFactory.instance.objectNode();
    }

    private static void prefixUri(String slug, JsonNode node, String field) {
        if (node instanceof ObjectNode object && object.path(field).isString()) {
            object.put(field, clientUri(slug, object.get(field).asString()));
        }
    }
}
