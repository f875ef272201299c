package dev.mcp.ambassador.rbac;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Lets one user or one group call the tools of one server that match {@code allow} and no {@code deny}. */
record Grant(
        UUID id, UUID userId, UUID groupId, UUID serverId, List<String> allow, List<String> deny, Instant createdAt) {}
