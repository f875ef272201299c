package dev.mcp.ambassador.rbac;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Lets one user or one group use one server: the tools that match {@code allow} and no {@code
 * deny}, and likewise the prompts and resource URIs their own patterns name.
 */
record Grant(
        UUID id,
        UUID userId,
        UUID groupId,
        UUID serverId,
        List<String> allow,
        List<String> deny,
        List<String> promptAllow,
        List<String> promptDeny,
        List<String> resourceAllow,
        List<String> resourceDeny,
        Instant createdAt) {}
