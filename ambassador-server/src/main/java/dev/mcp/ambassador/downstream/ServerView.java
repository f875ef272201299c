package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.catalog.CredentialSpec;
import dev.mcp.ambassador.catalog.SandboxPolicy;
import java.util.List;
import java.util.UUID;

/**
 * A catalog entry as the API shows it. Environment and header values often hold credentials, so
 * only their names are shown.
 */
record ServerView(
        UUID id,
        String slug,
        String displayName,
        String transport,
        List<String> command,
        List<String> envNames,
        String url,
        List<String> headerNames,
        String isolation,
        String status,
        Integer callTimeoutSeconds,
        SandboxPolicy sandbox,
        List<CredentialSpec> credentials,
        String protocol,
        String nameMapping,
        java.time.Instant createdAt,
        java.time.Instant updatedAt) {
    static ServerView of(CatalogServer server) {
        return new ServerView(
                server.id(),
                server.slug(),
                server.displayName(),
                server.transport(),
                server.command(),
                "stdio".equals(server.transport())
                        ? server.env().keySet().stream().sorted().toList()
                        : null,
                server.url(),
                "http".equals(server.transport())
                        ? server.headers().keySet().stream().sorted().toList()
                        : null,
                server.isolation(),
                server.status(),
                server.callTimeoutSeconds(),
                "stdio".equals(server.transport()) ? server.sandbox() : null,
                server.credentials(),
                server.protocol(),
                server.nameMapping(),
                server.createdAt(),
                server.updatedAt());
    }
}
