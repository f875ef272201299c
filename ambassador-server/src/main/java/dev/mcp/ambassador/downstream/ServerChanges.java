package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.audit.ConfigurationChanges;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.catalog.CredentialSpec;
import dev.mcp.ambassador.catalog.SandboxPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Records changes to the catalog as configuration changes ({@code config.server.*}). The recorded
 * view names environment variables and headers but never holds their values, and keeps no user
 * information or query of a URL: those are where catalog entries carry credentials.
 */
@Component
class ServerChanges {

    private final ConfigurationChanges changes;

    ServerChanges(ConfigurationChanges changes) {
        this.changes = changes;
    }

    void created(CatalogServer server) {
        changes.record("server.created", server.id().toString(), null, Recorded.of(server));
    }

    /** {@code server.published} or {@code server.archived} when the status changed so, else {@code server.updated}. */
    void updated(CatalogServer before, CatalogServer after) {
        String action = Objects.equals(before.status(), after.status())
                        || !(after.published() || "archived".equals(after.status()))
                ? "server.updated"
                : "server." + after.status();
        changes.record(action, after.id().toString(), Recorded.of(before), Recorded.of(after));
    }

    void deleted(CatalogServer server) {
        changes.record("server.deleted", server.id().toString(), Recorded.of(server), null);
    }

    /** A catalog entry as the audit trail keeps it: names of secrets, never their values. */
    record Recorded(
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
            String nameMapping) {

        static Recorded of(CatalogServer server) {
            return new Recorded(
                    server.id(),
                    server.slug(),
                    server.displayName(),
                    server.transport(),
                    server.command(),
                    server.env().keySet().stream().sorted().toList(),
                    withoutSecrets(server.url()),
                    server.headers().keySet().stream().sorted().toList(),
                    server.isolation(),
                    server.status(),
                    server.callTimeoutSeconds(),
                    server.sandbox(),
                    server.credentials(),
                    server.protocol(),
                    server.nameMapping());
        }

        /** Scheme, host, port and path only; a URL that does not parse is not kept at all. */
        static String withoutSecrets(String url) {
            if (url == null) {
                return null;
            }
            try {
                URI uri = new URI(url);
                return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
                        .toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                return "[unparsable]";
            }
        }
    }
}
