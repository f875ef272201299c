package dev.mcp.ambassador.session;

import dev.mcp.ambassador.audit.SecurityEvent;
import dev.mcp.ambassador.audit.SecurityEvents;
import dev.mcp.ambassador.identity.AuthenticatedUser;
import dev.mcp.ambassador.web.Problems;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/me/sessions}: the caller's own live client sessions, and ending one. Another user's
 * session is answered as if it did not exist.
 */
@RestController
@RequestMapping("/v1/me/sessions")
class MySessionsController {

    private final ClientSessions sessions;
    private final SecurityEvents events;
    private final Clock clock;

    MySessionsController(ClientSessions sessions, SecurityEvents events, Clock clock) {
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping
    List<ClientSessions.StoredSession> mine(@AuthenticationPrincipal AuthenticatedUser caller) {
        return sessions.listActiveOf(caller.id());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id, @AuthenticationPrincipal AuthenticatedUser caller) {
        sessions.find(id)
                .filter(session -> session.userId().equals(caller.id()))
                .orElseThrow(() -> Problems.notFound("session"));
        if (!sessions.revoke(id)) {
            throw Problems.notFound("active session");
        }
        events.record(new SecurityEvent(
                SecurityEvent.Type.SESSION_REVOKED,
                clock.instant(),
                caller.id(),
                "session " + id,
                null,
                "revoked by its owner"));
        return ResponseEntity.noContent().build();
    }
}
