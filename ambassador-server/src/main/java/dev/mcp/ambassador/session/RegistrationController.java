package dev.mcp.ambassador.session;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.tls.TlsMaterialStore;
import dev.mcp.ambassador.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
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

    private final PresharedKeyService keys;
    private final ClientSessions sessions;
    private final SessionTokens tokens;
    private final TlsMaterialStore tls;
    private final AmbassadorProperties properties;

    RegistrationController(
            PresharedKeyService keys,
            ClientSessions sessions,
            SessionTokens tokens,
            TlsMaterialStore tls,
            AmbassadorProperties properties) {
        this.keys = keys;
        this.sessions = sessions;
        this.tokens = tokens;
        this.tls = tls;
        this.properties = properties;
    }

    record RegisterRequest(
            @NotBlank @Size(max = 200) String presharedKey,
            @NotBlank @Size(max = 200) String clientName,
            @Size(max = 200) String hostTool) {}

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

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    Registration register(@Valid @RequestBody RegisterRequest body) {
        // One answer for every failure: an unknown, revoked or expired key and a suspended user
        // look the same, so the endpoint cannot be used to probe which keys exist.
        PresharedKeyService.VerifiedKey key = keys.verify(body.presharedKey())
                .orElseThrow(() -> Problems.of(
                        HttpStatus.UNAUTHORIZED,
                        "registration-refused",
                        "Registration refused: the preshared key is not accepted."));
        SessionClaims claims = sessions.open(
                key.userId(),
                key.id(),
                body.clientName(),
                body.hostTool(),
                properties.sessions().idleTimeout());
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

    @PostMapping("/heartbeat")
    Map<String, Instant> heartbeat(@AuthenticationPrincipal SessionClaims session) {
        return Map.of("expires_at", session.expiresAt());
    }

    @DeleteMapping("/current")
    ResponseEntity<Void> end(@AuthenticationPrincipal SessionClaims session) {
        sessions.revoke(session.sessionId());
        return ResponseEntity.noContent().build();
    }
}
