package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.audit.SecurityEvent;
import dev.mcp.ambassador.audit.SecurityEvents;
import dev.mcp.ambassador.web.ClientAddresses;
import dev.mcp.ambassador.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/me}: what any signed-in user may see and change about themselves. */
@RestController
@RequestMapping("/v1/me")
class MeController {

    private final IdentityService identity;
    private final LoginThrottle throttle;
    private final BrowserSessions browserSessions;
    private final ClientAddresses clientAddresses;
    private final SecurityEvents events;
    private final Clock clock;
    private final FirstRunPassword firstRun;

    MeController(
            IdentityService identity,
            LoginThrottle throttle,
            BrowserSessions browserSessions,
            ClientAddresses clientAddresses,
            SecurityEvents events,
            Clock clock,
            FirstRunPassword firstRun) {
        this.firstRun = firstRun;
        this.identity = identity;
        this.throttle = throttle;
        this.browserSessions = browserSessions;
        this.clientAddresses = clientAddresses;
        this.events = events;
        this.clock = clock;
    }

    record PasswordChange(
            @NotBlank @Size(max = 1024) String currentPassword, @NotBlank @Size(max = 1024) String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[]";
        }
    }

    @GetMapping
    UserView me(@AuthenticationPrincipal AuthenticatedUser principal) {
        return identity.findUser(principal.id()).map(UserView::of).orElseThrow(() -> Problems.notFound("user"));
    }

    /**
     * Changes the caller's password and ends the caller's other browser sessions; a wrong current
     * password counts as a failed sign-in.
     */
    @PutMapping("/password")
    ResponseEntity<Void> changePassword(
            @AuthenticationPrincipal AuthenticatedUser principal,
            @Valid @RequestBody PasswordChange body,
            HttpServletRequest request) {
        String client = clientAddresses.of(request);
        throttle.begin(client);
        User user = identity.findUser(principal.id()).orElseThrow(() -> Problems.notFound("user"));
        boolean changed;
        try {
            changed = identity.changePassword(
                    user,
                    body.currentPassword().toCharArray(),
                    body.newPassword().toCharArray());
        } catch (ErrorResponseException weakOrBusy) {
            throttle.succeeded(client); // the current password was not refused
            throw weakOrBusy;
        }
        if (!changed) {
            throw Problems.invalidField("current_password", "is not right");
        }
        throttle.succeeded(client);
        firstRun.passwordChanged(user.id());
        if (request.getSession(false) != null) {
            SessionIds.renew(request);
        }
        // Every other browser session of this user ends; the one that made the change goes on.
        browserSessions.endSessionsOf(user.id(), request.getSession(false));
        events.record(new SecurityEvent(
                SecurityEvent.Type.PASSWORD_CHANGED, clock.instant(), user.id(), user.username(), client, null));
        return ResponseEntity.noContent().build();
    }
}
