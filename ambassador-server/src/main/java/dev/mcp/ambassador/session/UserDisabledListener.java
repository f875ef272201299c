package dev.mcp.ambassador.session;

import dev.mcp.ambassador.audit.SecurityEvent;
import dev.mcp.ambassador.audit.SecurityEvents;
import dev.mcp.ambassador.identity.UserDisabledEvent;
import dev.mcp.ambassador.identity.UserEnabledEvent;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Ends every session of a user who is suspended or deleted, so their tokens stop at once; lets a
 * user made active again register anew at once.
 */
@Component
class UserDisabledListener {

    private final ClientSessions sessions;
    private final SecurityEvents events;
    private final Clock clock;

    UserDisabledListener(ClientSessions sessions, SecurityEvents events, Clock clock) {
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }

    @EventListener
    void onUserEnabled(UserEnabledEvent event) {
        sessions.userEnabled(event.userId());
    }

    @EventListener
    void onUserDisabled(UserDisabledEvent event) {
        List<UUID> ended = sessions.revokeAllOfUser(event.userId());
        if (!ended.isEmpty()) {
            events.record(new SecurityEvent(
                    SecurityEvent.Type.SESSION_REVOKED,
                    clock.instant(),
                    event.userId(),
                    ended.size() + " session(s)",
                    null,
                    "user disabled"));
        }
    }
}
