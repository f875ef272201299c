package dev.mcp.ambassador.session;

import dev.mcp.ambassador.audit.SecurityEvent;
import dev.mcp.ambassador.audit.SecurityEvents;
import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.cluster.Topic;
import dev.mcp.ambassador.identity.AuthenticatedUser;
import dev.mcp.ambassador.web.Problems;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/admin/sessions} and {@code /v1/admin/session-keys}: live client sessions and their signing keys. */
@RestController
class SessionAdminController {

    private final ClientSessions sessions;
    private final SigningKeyStore signingKeys;
    private final SecurityEvents events;
    private final Clock clock;
    private final ChangeFeed feed;

    SessionAdminController(
            ClientSessions sessions, SigningKeyStore signingKeys, SecurityEvents events, Clock clock, ChangeFeed feed) {
        this.feed = feed;
        this.sessions = sessions;
        this.signingKeys = signingKeys;
        this.events = events;
        this.clock = clock;
    }

    record Rotation(Boolean retirePrevious) {}

    @GetMapping("/v1/admin/sessions")
    List<ClientSessions.StoredSession> list() {
        return sessions.listActive();
    }

    @DeleteMapping("/v1/admin/sessions/{id}")
    ResponseEntity<Void> revoke(@PathVariable UUID id, @AuthenticationPrincipal AuthenticatedUser admin) {
        ClientSessions.StoredSession session = sessions.find(id).orElseThrow(() -> Problems.notFound("session"));
        if (!sessions.revoke(id)) {
            throw Problems.notFound("active session");
        }
        events.record(new SecurityEvent(
                SecurityEvent.Type.SESSION_REVOKED,
                clock.instant(),
                session.userId(),
                "session " + id,
                null,
                "revoked by " + admin.username()));
        return ResponseEntity.noContent().build();
    }

    /**
     * Makes a new signing key. With {@code retire_previous} every earlier key stops verifying at
     * once, which ends every existing session; without it they verify until their tokens expire.
     */
    @PostMapping("/v1/admin/session-keys/rotate")
    ResponseEntity<Void> rotate(
            @RequestBody(required = false) Rotation body, @AuthenticationPrincipal AuthenticatedUser admin) {
        if (signingKeys.fromEnvironment()) {
            throw Problems.of(
                    HttpStatus.CONFLICT,
                    "managed-by-environment",
                    "The session secret comes from AMBASSADOR_SESSION_SECRET; rotate it there and restart.");
        }
        boolean retire = body != null && Boolean.TRUE.equals(body.retirePrevious());
        signingKeys.rotate(retire);
        feed.announce(Topic.SIGNING_KEYS, null);
        events.record(new SecurityEvent(
                SecurityEvent.Type.SIGNING_KEY_ROTATED,
                clock.instant(),
                admin.id(),
                "session signing key",
                null,
                retire ? "previous keys retired" : "previous keys kept until their tokens expire"));
        return ResponseEntity.noContent().build();
    }
}
