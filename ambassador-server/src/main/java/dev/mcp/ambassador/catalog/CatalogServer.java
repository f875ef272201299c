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
 * @param protocol the MCP era spoken to the server: {@code auto}, {@code 2025-11-25} or {@code
 *     2026-07-28}; never null
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
        String protocol,
        String nameMapping) {

    /** Discovers the server's era: {@code server/discover} first, {@code initialize} if that fails. */
    public static final String PROTOCOL_AUTO = "auto";
    /** The legacy era, opened with {@code initialize}. */
    public static final String PROTOCOL_LEGACY = "2025-11-25";
    /** The modern era: no {@code initialize}, every request carries its own {@code _meta} envelope. */
    public static final String PROTOCOL_MODERN = "2026-07-28";

    public static final String MAP_ALWAYS = "always";
    public static final String MAP_NEVER = "never";
    public static final String MAP_WHEN_AMBIGUOUS = "when_ambiguous";

    public CatalogServer {
        sandbox = sandbox == null ? SandboxPolicy.DEFAULT : sandbox;
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        protocol = protocol == null ? PROTOCOL_AUTO : protocol;
        nameMapping = nameMapping == null ? MAP_ALWAYS : nameMapping;
    }

    /** An entry that discovers its server's protocol era and always prefixes its names with its slug. */
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
                PROTOCOL_AUTO,
                MAP_ALWAYS);
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
                List.of());
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
                protocol,
                nameMapping);
    }

    /** True when clients see this server's names as it gives them, never prefixed. */
    public boolean namesUnmapped() {
        return MAP_NEVER.equals(nameMapping);
    }

    public boolean perUser() {
        return "per_user".equals(isolation);
    }

    public boolean published() {
        return "published".equals(status);
    }
}
