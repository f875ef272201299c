package dev.mcp.ambassador.identity;

import java.util.UUID;

/** Published, synchronously, after a suspended user has been made active again. */
public record UserEnabledEvent(UUID userId) {}
