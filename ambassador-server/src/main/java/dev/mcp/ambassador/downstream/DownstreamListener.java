package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Hears what downstream servers announce on their own, outside any request: {@code list_changed},
 * {@code notifications/resources/updated} and log messages that belong to no single caller.
 */
public interface DownstreamListener {

    /**
     * @param userId the user the process or session serves, or null when it is shared by everyone
     *     the server is granted to
     * @param connectionId names the process or session that sent it, as {@link
     *     DownstreamConnections#connectionId} does
     */
    void onNotification(CatalogServer server, UUID userId, String connectionId, String method, JsonNode params);
}
