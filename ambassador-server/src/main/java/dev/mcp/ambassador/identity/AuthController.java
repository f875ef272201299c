package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.audit.SecurityEvent;
import dev.mcp.ambassador.audit.SecurityEvents;
import dev.mcp.ambassador.web.ClientAddresses;
import dev.mcp.ambassador.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Browser and operator sign-in with a username and password, kept in a server-side session. */
@RestController
@RequestMapping("/v1/auth")
class AuthController {

    private final IdentityService identity;
    private final SecurityContextRepository contextRepository;
    private final CsrfTokenRepository csrfTokens;
    private final LoginThrottle throttle;
    private final BrowserSessions browserSessions;
    private final ClientAddresses clientAddresses;
    private final SecurityEvents events;
    private final RefusalDigest refusals;
    private final Clock clock;
    private final FirstRunPassword firstRun;

    AuthController(
            IdentityService identity,
            SecurityContextRepository contextRepository,
            CsrfTokenRepository csrfTokens,
            LoginThrottle throttle,
            BrowserSessions browserSessions,
            ClientAddresses clientAddresses,
            SecurityEvents events,
            RefusalDigest refusals,
            Clock clock,
            FirstRunPassword firstRun) {
        this.firstRun = firstRun;
        this.identity = identity;
        this.contextRepository = contextRepository;
        this.csrfTokens = csrfTokens;
        this.throttle = throttle;
        this.browserSessions = browserSessions;
        this.clientAddresses = clientAddresses;
        this.events = events;
        this.refusals = refusals;
        this.clock = clock;
    }

    record LoginRequest(@NotBlank @Size(max = 128) String username, @NotBlank @Size(max = 1024) String password) {
        @Override
        public String toString() {
            return "LoginRequest[username=" + username + "]";
        }
    }

    @PostMapping("/login")
    Map<String, Object> login(
            @Valid @RequestBody LoginRequest body, HttpServletRequest request, HttpServletResponse response) {
        String client = clientAddresses.of(request);
        try {
            throttle.begin(client);
        } catch (ErrorResponseException limited) {
            refusals.refused(new SecurityEvent(
                    SecurityEvent.Type.LOGIN_THROTTLED, clock.instant(), null, body.username(), client, null));
            throw limited;
        }
        Optional<User> authenticated =
                identity.authenticate(body.username(), body.password().toCharArray());
        if (authenticated.isEmpty()) {
            events.record(new SecurityEvent(
                    SecurityEvent.Type.LOGIN_FAILED,
                    clock.instant(),
                    null,
                    body.username(),
                    client,
                    "bad credentials or inactive user"));
            throw Problems.of(HttpStatus.UNAUTHORIZED, "invalid-credentials", "The username or password is not right.");
        }
        throttle.succeeded(client);
        User user = authenticated.get();
        SessionIds.renew(request);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(AuthenticatedUser.of(user).toAuthentication());
        SecurityContextHolder.setContext(context);
        contextRepository.saveContext(context, request, response);
        browserSessions.signedIn(request.getSession(), user);
        csrfTokens.saveToken(csrfTokens.generateToken(request), request, response);
        events.record(new SecurityEvent(
                SecurityEvent.Type.LOGIN_SUCCEEDED, clock.instant(), user.id(), user.username(), client, null));
        return signedIn(user);
    }

    // password_change_required: the web UI shows nothing but the password form until it is false.
    private Map<String, Object> signedIn(User user) {
        return Map.of("user", UserView.of(user), "password_change_required", firstRun.changeRequired(user.id()));
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(
            @AuthenticationPrincipal AuthenticatedUser principal,
            HttpServletRequest request,
            HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        csrfTokens.saveToken(null, request, response);
        if (principal != null) {
            events.record(new SecurityEvent(
                    SecurityEvent.Type.LOGOUT,
                    clock.instant(),
                    principal.id(),
                    principal.username(),
                    clientAddresses.of(request),
                    null));
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    Map<String, Object> me(@AuthenticationPrincipal AuthenticatedUser principal) {
        User user = identity.findUser(principal.id()).orElseThrow(() -> Problems.notFound("user"));
        return signedIn(user);
    }
}
