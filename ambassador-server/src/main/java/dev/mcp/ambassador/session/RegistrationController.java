package dev.mcp.ambassador.session;

import dev.mcp.ambassador.audit.SecurityEvent;
import dev.mcp.ambassador.audit.SecurityEvents;
import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.identity.RefusalDigest;
import dev.mcp.ambassador.ratelimit.FailureThrottle;
import dev.mcp.ambassador.tls.TlsMaterialStore;
import dev.mcp.ambassador.web.ClientAddresses;
import dev.mcp.ambassador.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The client API: register with a preshared key, keep the session alive, end it. */
@RestController
@RequestMapping("/v1/sessions")
class RegistrationController {

    /** Failed registrations allowed per client address in each window. */
    static final int FAILURES_PER_WINDOW = 10;

    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);

    private final PresharedKeyService keys;
    private final ClientSessions sessions;
    private final SessionTokens tokens;
    private final TlsMaterialStore tls;
    private final AmbassadorProperties properties;
    private final ClientAddresses clientAddresses;
    private final SecurityEvents events;
    private final RefusalDigest refusals;
    private final Clock clock;
    private final FailureThrottle failures =
            new FailureThrottle(FAILURES_PER_WINDOW, FAILURE_WINDOW, "failed registrations");

    RegistrationController(
            PresharedKeyService keys,
            ClientSessions sessions,
            SessionTokens tokens,
            TlsMaterialStore tls,
            AmbassadorProperties properties,
            ClientAddresses clientAddresses,
            SecurityEvents events,
            RefusalDigest refusals,
            Clock clock) {
        this.keys = keys;
        this.sessions = sessions;
        this.tokens = tokens;
        this.tls = tls;
        this.properties = properties;
        this.clientAddresses = clientAddresses;
        this.events = events;
        this.refusals = refusals;
        this.clock = clock;
    }

    record RegisterRequest(
            @NotBlank @Size(max = 200) String presharedKey,
            @NotBlank @Size(max = 200) String clientName,
            @Size(max = 200) String hostTool) {
        @Override
        public String toString() {
            return "RegisterRequest[clientName=" + clientName + "]";
        }
    }

    record Registration(
            UUID sessionId,
            String sessionToken,
            Instant expiresAt,
            String mcpUrl,
            String caFingerprintSha256,
            long heartbeatIntervalSeconds) {
        @Override
        public String toString() {
            return "Registration[sessionId=" + sessionId + "]";
        }
    }

    record Heartbeat(Instant expiresAt, String sessionToken) {
        @Override
        public String toString() {
            return "Heartbeat[expiresAt=" + expiresAt + "]";
        }
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    Registration register(@Valid @RequestBody RegisterRequest body, HttpServletRequest request) {
        String client = clientAddresses.of(request);
        try {
            failures.begin(client);
        } catch (ErrorResponseException throttled) {
            refusals.refused(event(SecurityEvent.Type.REGISTRATION_THROTTLED, null, null, client, "too many failures"));
            throw throttled;
        }
        PresharedKeyService.Verification verification = keys.verify(body.presharedKey());
        if (!(verification instanceof PresharedKeyService.Verification.Accepted accepted)) {
            String reason = ((PresharedKeyService.Verification.Refused) verification).reason();
            events.record(event(SecurityEvent.Type.REGISTRATION_FAILED, null, null, client, reason));
            throw refused();
        }
        SessionClaims claims = sessions.open(
                        accepted.userId(),
                        accepted.keyId(),
                        body.clientName(),
                        body.hostTool(),
                        properties.sessions().idleTimeout(),
                        properties.sessions().maxLifetime())
                .orElseThrow(() -> {
                    events.record(event(
                            SecurityEvent.Type.REGISTRATION_FAILED,
                            accepted.userId(),
                            "key " + accepted.keyId(),
                            client,
                            "key revoked or user suspended during registration"));
                    return refused();
                });
        failures.succeeded(client);
        events.record(event(
                SecurityEvent.Type.REGISTRATION_SUCCEEDED,
                accepted.userId(),
                "session " + claims.sessionId() + " with key " + accepted.keyId(),
                client,
                null));
        return new Registration(
                claims.sessionId(),
                tokens.issue(claims),
                claims.expiresAt(),
                ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path("/mcp")
                        .toUriString(),
                tls.identity().caFingerprintSha256(),
                properties.sessions().heartbeatInterval().toSeconds());
    }

    /** Slides the session's expiry and answers with a fresh token carrying it. */
    @PostMapping("/heartbeat")
    Heartbeat heartbeat(@AuthenticationPrincipal SessionClaims session) {
        SessionClaims renewed = sessions.renew(
                        session,
                        properties.sessions().idleTimeout(),
                        properties.sessions().maxLifetime())
                .orElseThrow(() -> Problems.of(
                        HttpStatus.UNAUTHORIZED, "invalid-session-token", "The session has ended. Register again."));
        return new Heartbeat(renewed.expiresAt(), tokens.issue(renewed));
    }

    @DeleteMapping("/current")
    ResponseEntity<Void> end(@AuthenticationPrincipal SessionClaims session, HttpServletRequest request) {
        sessions.revoke(session.sessionId());
        events.record(event(
                SecurityEvent.Type.SESSION_REVOKED,
                session.userId(),
                "session " + session.sessionId(),
                clientAddresses.of(request),
                "ended by the client"));
        return ResponseEntity.noContent().build();
    }

    // One answer for every failure: an unknown, revoked or expired key and a suspended user look
    // the same, so the endpoint cannot be used to probe which keys exist.
    private static ErrorResponseException refused() {
        return Problems.of(
                HttpStatus.UNAUTHORIZED,
                "registration-refused",
                "Registration refused: the preshared key is not accepted.");
    }

    private SecurityEvent event(SecurityEvent.Type type, UUID userId, String subject, String client, String reason) {
        return new SecurityEvent(type, clock.instant(), userId, subject, client, reason);
    }
}
