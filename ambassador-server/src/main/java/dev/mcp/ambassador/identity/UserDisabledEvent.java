package dev.mcp.ambassador.identity;

import java.util.UUID;

/**
 * Published, synchronously and before the change is visible, when a user is suspended or about to
 * be deleted, so that other features can cut off everything the user still holds.
 */
public record UserDisabledEvent(UUID userId) {}
