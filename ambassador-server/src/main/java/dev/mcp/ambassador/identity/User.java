package dev.mcp.ambassador.identity;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A person known to the ambassador. The password hash never leaves the identity package. */
public record User(
        UUID id, String username, String displayName, Set<Role> roles, UserStatus status, Instant createdAt) {

    public boolean active() {
        return status == UserStatus.ACTIVE;
    }
}
