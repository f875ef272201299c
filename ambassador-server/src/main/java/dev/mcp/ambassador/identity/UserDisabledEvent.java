package dev.mcp.ambassador.identity;

import java.util.UUID;

/**
 * Published, synchronously, after a user has been marked suspended (also just before a user is
 * deleted), so that other features can cut off everything the user still holds.
 */
public record UserDisabledEvent(UUID userId) {}
