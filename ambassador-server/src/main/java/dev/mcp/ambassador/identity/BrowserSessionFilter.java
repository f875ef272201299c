package dev.mcp.ambassador.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a browser session whose user has lost the rights it was signed in with ({@link
 * BrowserSessions}): the session is invalidated and the request continues unauthenticated, so it
 * is answered 401 wherever signing in is required, and a sign-in with the stale cookie still works.
 */
@Component
public class BrowserSessionFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(BrowserSessionFilter.class);

    private final BrowserSessions sessions;

    BrowserSessionFilter(BrowserSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (session != null
                && !ApiKeyAuthenticationFilter.presentsApiKey(request)
                && authentication != null
                && authentication.getPrincipal() instanceof AuthenticatedUser principal) {
            Optional<String> ended = sessions.whyEnded(session, principal);
            if (ended.isPresent()) {
                log.debug("Ended a browser session of user {}: {}", principal.id(), ended.get());
                session.invalidate();
                SecurityContextHolder.clearContext();
            }
        }
        chain.doFilter(request, response);
    }
}
