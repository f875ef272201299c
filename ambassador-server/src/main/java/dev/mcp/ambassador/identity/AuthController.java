package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
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

    AuthController(
            IdentityService identity, SecurityContextRepository contextRepository, CsrfTokenRepository csrfTokens) {
        this.identity = identity;
        this.contextRepository = contextRepository;
        this.csrfTokens = csrfTokens;
    }

    record LoginRequest(@NotBlank @Size(max = 128) String username, @NotBlank @Size(max = 1024) String password) {}

    @PostMapping("/login")
    Map<String, Object> login(
            @Valid @RequestBody LoginRequest body, HttpServletRequest request, HttpServletResponse response) {
        User user = identity.authenticate(body.username(), body.password().toCharArray())
                .orElseThrow(() -> Problems.of(
                        HttpStatus.UNAUTHORIZED, "invalid-credentials", "The username or password is not right."));
        // A new session id at login defeats session fixation.
        HttpSession existing = request.getSession(false);
        if (existing != null) {
            request.changeSessionId();
        } else {
            request.getSession(true);
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(AuthenticatedUser.of(user).toAuthentication());
        SecurityContextHolder.setContext(context);
        contextRepository.saveContext(context, request, response);
        csrfTokens.saveToken(csrfTokens.generateToken(request), request, response);
        return Map.of("user", UserView.of(user));
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        csrfTokens.saveToken(null, request, response);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    Map<String, Object> me(@AuthenticationPrincipal AuthenticatedUser principal) {
        User user = identity.findUser(principal.id()).orElseThrow(() -> Problems.notFound("user"));
        return Map.of("user", UserView.of(user));
    }
}
