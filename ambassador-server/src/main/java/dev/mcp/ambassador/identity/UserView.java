package dev.mcp.ambassador.identity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as the API shows it. */
record UserView(UUID id, String username, String displayName, List<Role> roles, UserStatus status, Instant createdAt) {

    static UserView of(User user) {
        return new UserView(
                user.id(),
                user.username(),
                user.displayName(),
                user.roles().stream().sorted().toList(),
                user.status(),
                user.createdAt());
    }
}
