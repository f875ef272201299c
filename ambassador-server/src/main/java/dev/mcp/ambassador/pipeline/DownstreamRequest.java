package dev.mcp.ambassador.pipeline;

import dev.mcp.ambassador.catalog.CatalogServer;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One client request on its way to a downstream server. The catalog entry is resolved once, where
 * the request enters, and carried along: no step looks it up again.
 *
 * @param kind what is asked ({@code tools/call}, {@code resources/read}, …)
 * @param userId the authenticated user; the pipeline refuses a request without one
 * @param sessionId the client session it arrived on
 * @param presharedKeyId the key that session was registered with
 * @param origin where the request came from, for the audit trail
 * @param serverSlug the server the client named
 * @param server the published catalog entry of that slug; null when there is none, which RBAC refuses
 * @param subject the tool, prompt or resource the request is about, in the server's own terms
 * @param params the params to send downstream, names and URIs already mapped back
 * @param caller where the downstream's progress and requests for the client go; null for none
 */
public record DownstreamRequest(
        RequestKind kind,
        UUID userId,
        UUID sessionId,
        UUID presharedKeyId,
        Origin origin,
        String serverSlug,
        CatalogServer server,
        Subject subject,
        JsonNode params,
        ClientChannel caller) {

    /**
     * Where a request came from.
     *
     * @param mcpSessionId the MCP session ({@code Mcp-Session-Id}); null outside one
     * @param clientAddress the client's address, behind trusted proxies resolved; null if unknown
     * @param protocolVersion the MCP protocol version the client speaks; null if unknown
     */
    public record Origin(String mcpSessionId, String clientAddress, String protocolVersion) {
        public static final Origin UNKNOWN = new Origin(null, null, null);

        /** The first version of the modern era: no {@code initialize}, the version in every request. */
        private static final String FIRST_MODERN = "2026-07-28";

        /** {@code modern} (2026-07-28 and later), {@code legacy} (before), or null when unknown. */
        public String era() {
            if (protocolVersion == null) {
                return null;
            }
            return protocolVersion.compareTo(FIRST_MODERN) >= 0 ? "modern" : "legacy";
        }
    }

    /** The same request with another channel to the client. */
    public DownstreamRequest withCaller(ClientChannel other) {
        return new DownstreamRequest(
                kind, userId, sessionId, presharedKeyId, origin, serverSlug, server, subject, params, other);
    }
}
