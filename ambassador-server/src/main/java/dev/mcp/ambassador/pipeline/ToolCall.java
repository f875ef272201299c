package dev.mcp.ambassador.pipeline;

import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One {@code tools/call} on its way downstream.
 *
 * @param userId the authenticated user; never null
 * @param sessionId the client session it arrived on
 * @param presharedKeyId the key that session was registered with
 * @param serverSlug the downstream server, from the client-facing tool name
 * @param toolName the tool's own name on that server
 * @param params the request's params, with {@code name} already mapped to {@code toolName}
 * @param caller where the downstream's progress and requests for the client go; null for none
 */
public record ToolCall(
        UUID userId,
        UUID sessionId,
        UUID presharedKeyId,
        String serverSlug,
        String toolName,
        JsonNode params,
        ClientChannel caller) {}
