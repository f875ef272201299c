package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.catalog.CatalogServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the names and URIs of many servers reach one client, by each server's {@code name_mapping}:
 * {@code always} prefixed with the slug ({@code <slug>__echo}, {@code
 * mcp-ambassador://<slug>/<uri>}), {@code never} as the server gives them, {@code when_ambiguous}
 * as the server gives them unless another server that does not prefix offers the same, in which
 * case both of the {@code when_ambiguous} ones are prefixed. Two {@code never} servers that offer
 * the same name are refused at publishing; should they meet anyway (a server changed its tools),
 * the name is listed twice and a call by it is refused as ambiguous.
 */
final class ClientNames {

    /** What one server offers in one list, in its own terms. */
    record Offered(CatalogServer server, List<JsonNode> items) {}

    /** One item as the client names it, and where it goes. */
    record Named(String clientName, CatalogServer server, String ownName) {}

    private ClientNames() {}

    /** The items of every server, renamed for the client, in the servers' order. */
    static List<JsonNode> apply(List<Offered> offered, String separator) {
        Set<String> shared = sharedUnprefixed(offered);
        List<JsonNode> all = new ArrayList<>();
        for (Offered one : offered) {
            for (JsonNode item : one.items()) {
                all.add(renamed(one.server(), item, prefixed(one.server(), keyOf(item), shared), separator));
            }
        }
        return all;
    }

    /**
     * The servers that offer {@code clientName} unprefixed (a tool or prompt name, a resource URI),
     * with the item's own name; more than one means it is ambiguous.
     */
    static List<Named> unprefixed(List<Offered> offered, String clientName) {
        Set<String> shared = sharedUnprefixed(offered);
        List<Named> found = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (Offered one : offered) {
            for (JsonNode item : one.items()) {
                String key = keyOf(item);
                if (key.equals(clientName)
                        && !prefixed(one.server(), key, shared)
                        && seen.add(one.server().id())) {
                    found.add(new Named(clientName, one.server(), key));
                }
            }
        }
        return found;
    }

    /** Whether any of {@code servers} shows names unprefixed, so a lookup by plain name is needed. */
    static boolean anyUnprefixed(List<CatalogServer> servers) {
        return servers.stream().anyMatch(server -> !server.nameMapping().equals(CatalogServer.MAP_ALWAYS));
    }

    static Optional<Named> single(List<Named> found) {
        return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
    }

    private static boolean prefixed(CatalogServer server, String key, Set<String> shared) {
        return switch (server.nameMapping()) {
            case CatalogServer.MAP_NEVER -> false;
            case CatalogServer.MAP_WHEN_AMBIGUOUS -> shared.contains(key);
            default -> true;
        };
    }

    /** Names or URIs that more than one server not prefixing them offers. */
    private static Set<String> sharedUnprefixed(List<Offered> offered) {
        Map<String, Set<UUID>> by = new HashMap<>();
        for (Offered one : offered) {
            if (one.server().nameMapping().equals(CatalogServer.MAP_ALWAYS)) {
                continue;
            }
            for (JsonNode item : one.items()) {
                by.computeIfAbsent(keyOf(item), key -> new HashSet<>())
                        .add(one.server().id());
            }
        }
        Set<String> shared = new HashSet<>();
        by.forEach((key, servers) -> {
            if (servers.size() > 1) {
                shared.add(key);
            }
        });
        return shared;
    }

    /** What names an item: a resource's URI, a template's URI template, else its name. */
    static String keyOf(JsonNode item) {
        if (item.path("uri").isString()) {
            return item.get("uri").asString();
        }
        if (item.path("uriTemplate").isString()) {
            return item.get("uriTemplate").asString();
        }
        return item.path("name").asString("");
    }

    private static JsonNode renamed(CatalogServer server, JsonNode item, boolean prefix, String separator) {
        if (!prefix) {
            return item;
        }
        ObjectNode copy = (ObjectNode) item.deepCopy();
        for (String field : List.of("uri", "uriTemplate")) {
            if (copy.path(field).isString()) {
                copy.put(
                        field,
                        ResourceAndPromptRelay.clientUri(
                                server.slug(), copy.get(field).asString()));
            }
        }
        if (copy.has("name") && !copy.has("uri") && !copy.has("uriTemplate")) {
            copy.put("name", server.slug() + separator + copy.get("name").asString());
        }
        return copy;
    }
}
