package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.config.AmbassadorProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Whether a server published with {@code name_mapping: never} would show a client a tool, prompt,
 * resource or resource template under a name another published server shows too. The server is
 * asked for its lists (started if need be, as the administrator who publishes it); other {@code
 * never} servers are asked too; an {@code always} server collides only with a name that begins
 * with its own prefix; a {@code when_ambiguous} server gives way by prefixing, so never collides.
 */
@Component
class NameCollisions {

    private static final String URI_PREFIX = "mcp-ambassador://";
    private static final List<List<String>> LISTS = List.of(
            List.of("tools", "tools/list", "tools", "tool"),
            List.of("prompts", "prompts/list", "prompts", "prompt"),
            List.of("resources", "resources/list", "resources", "resource"),
            List.of("resources", "resources/templates/list", "resourceTemplates", "resource template"));

    private final Catalog catalog;
    private final DownstreamConnections connections;
    private final String separator;

    NameCollisions(Catalog catalog, DownstreamConnections connections, AmbassadorProperties properties) {
        this.catalog = catalog;
        this.connections = connections;
        this.separator = properties.mcp().toolNameSeparator();
    }

    /**
     * The first collision of {@code server}, described for the administrator; empty when there is
     * none or the server prefixes its names.
     *
     * @throws DownstreamException when a server could not be asked for its lists
     */
    Optional<String> first(CatalogServer server, UUID asUser) {
        if (!server.published() || !server.namesUnmapped()) {
            return Optional.empty();
        }
        Map<String, String> mine = names(server, asUser);
        for (CatalogServer other : catalog.findPublished()) {
            if (other.id().equals(server.id())) {
                continue;
            }
            switch (other.nameMapping()) {
                case CatalogServer.MAP_NEVER -> {
                    Map<String, String> theirs = names(other, asUser);
                    for (Map.Entry<String, String> name : mine.entrySet()) {
                        if (theirs.containsKey(name.getKey())) {
                            return Optional.of(name.getValue() + " is also offered by published server '" + other.slug()
                                    + "' (name_mapping never)");
                        }
                    }
                }
                case CatalogServer.MAP_ALWAYS -> {
                    for (Map.Entry<String, String> name : mine.entrySet()) {
                        String bare = name.getKey().substring(name.getKey().indexOf(' ') + 1);
                        if (bare.startsWith(other.slug() + separator)
                                || bare.startsWith(URI_PREFIX + other.slug() + "/")) {
                            return Optional.of(name.getValue() + " looks like a name of published server '"
                                    + other.slug() + "' (name_mapping always)");
                        }
                    }
                }
                default -> {
                    // when_ambiguous prefixes whatever another server shows too.
                }
            }
        }
        return Optional.empty();
    }

    /** Every name a server shows unprefixed, as {@code "<kind> <name>"}, with how to say it. */
    private Map<String, String> names(CatalogServer server, UUID asUser) {
        Map<String, String> names = new LinkedHashMap<>();
        for (List<String> list : LISTS) {
            if (!list.getFirst().equals("tools") && !connections.supports(server, asUser, list.getFirst())) {
                continue;
            }
            for (JsonNode item : connections.listAll(server, asUser, list.get(1), list.get(2))) {
                String name = item.path(
                                list.get(2).equals("tools") || list.get(2).equals("prompts") ? "name" : "uri")
                        .asString(item.path("uriTemplate").asString(""));
                if (!name.isEmpty()) {
                    names.put(list.get(2) + " " + name, list.get(3) + " '" + name + "'");
                }
            }
        }
        return names;
    }
}
