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
 * @param sandbox how a {@code stdio} server's processes are confined; never null
 * @param credentials what each user must or may provide for a {@code per_user} server; never null
 * @param nameMapping how its names and URIs reach clients: {@code always} prefixed with the slug,
 *     {@code never}, or {@code when_ambiguous}; never null
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
        Instant updatedAt,
        SandboxPolicy sandbox,
        List<CredentialSpec> credentials,
        String nameMapping) {

    public static final String MAP_ALWAYS = "always";
    public static final String MAP_NEVER = "never";
    public static final String MAP_WHEN_AMBIGUOUS = "when_ambiguous";

    public CatalogServer {
        sandbox = sandbox == null ? SandboxPolicy.DEFAULT : sandbox;
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        nameMapping = nameMapping == null ? MAP_ALWAYS : nameMapping;
    }

    /** An entry whose names are always prefixed with its slug. */
    public CatalogServer(
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
            Instant updatedAt,
            SandboxPolicy sandbox,
            List<CredentialSpec> credentials) {
        this(
                id,
                slug,
                displayName,
                transport,
                command,
                env,
                url,
                headers,
                isolation,
                status,
                callTimeoutSeconds,
                createdAt,
                updatedAt,
                sandbox,
                credentials,
                MAP_ALWAYS);
    }

    /** True when clients see this server's names as it gives them, never prefixed. */
    public boolean namesUnmapped() {
        return MAP_NEVER.equals(nameMapping);
    }

    /** An entry with the default sandbox policy. */
    public CatalogServer(
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
        this(
                id,
                slug,
                displayName,
                transport,
                command,
                env,
                url,
                headers,
                isolation,
                status,
                callTimeoutSeconds,
                createdAt,
                updatedAt,
                SandboxPolicy.DEFAULT,
                List.of(),
                MAP_ALWAYS);
    }

    /** This entry with {@code env} and {@code headers} in place of its own: what one process or session gets. */
    public CatalogServer withConnectionSettings(Map<String, String> env, Map<String, String> headers) {
        return new CatalogServer(
                id,
                slug,
                displayName,
                transport,
                command,
                env,
                url,
                headers,
                isolation,
                status,
                callTimeoutSeconds,
                createdAt,
                updatedAt,
                sandbox,
                credentials,
                nameMapping);
    }

    public boolean perUser() {
        return "per_user".equals(isolation);
    }

    public boolean published() {
        return "published".equals(status);
    }
}
