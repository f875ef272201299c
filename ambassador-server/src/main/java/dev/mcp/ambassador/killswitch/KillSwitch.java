package dev.mcp.ambassador.killswitch;

import java.time.Instant;
import java.util.UUID;

/**
 * One kill switch, active until lifted.
 *
 * @param target null for {@code global}; a server slug; {@code <slug>/<tool>}; a user or key id
 */
record KillSwitch(
        UUID id,
        Scope scope,
        String target,
        String reason,
        String createdBy,
        Instant createdAt,
        String liftedBy,
        Instant liftedAt) {

    boolean active() {
        return liftedAt == null;
    }
}
