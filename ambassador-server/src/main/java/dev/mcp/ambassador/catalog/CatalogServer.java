package dev.mcp.ambassador.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A downstream MCP server in the catalog. Only {@code published} servers are offered to users.
 *
 * @param command argument vector for {@code stdio} servers; run without a shell
 * @param env variables given to the process, on top of the small allow-list of the server's own
 * @param callTimeoutSeconds this server's limit for {@code tools/call}; null for the default
 */
public record CatalogServer(
        UUID id,
        String slug,
        String displayName,
        String transport,
        List<String> command,
        Map<String, String> env,
        String url,
        Map<String, String> headers,
        String isolation,
        String status,
        Integer callTimeoutSeconds,
        Instant createdAt,
        Instant updatedAt) {

    public boolean published() {
        return "published".equals(status);
    }
}
