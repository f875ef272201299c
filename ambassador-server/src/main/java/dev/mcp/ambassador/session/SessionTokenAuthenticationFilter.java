package dev.mcp.ambassador.session;

import dev.mcp.ambassador.audit.SecurityEvent;
import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.identity.RefusalDigest;
import dev.mcp.ambassador.redaction.Redactor;
import dev.mcp.ambassador.web.ClientAddresses;
import dev.mcp.ambassador.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer amb_st_…} on the client API and {@code /mcp}. A token
 * that is present but refused ends the request with 401 and clears any security context; a request
 * without one continues unauthenticated, for the entry point to challenge.
 *
 * <p>Fails closed: revocations are checked in memory, and that memory follows other replicas only
 * through the change feed; while the feed has been out of touch with the database for longer than
 * {@code ambassador.cluster.max-staleness}, every request with a token is answered 503.
 */
@Component
public class SessionTokenAuthenticationFilter extends OncePerRequestFilter {

    /** The authority every request made with a valid session token carries. */
    public static final String CLIENT_SESSION_AUTHORITY = "ROLE_CLIENT_SESSION";

    private static final Logger log = LoggerFactory.getLogger(SessionTokenAuthenticationFilter.class);
    private static final String BEARER = "Bearer ";

    private final SessionTokens tokens;
    private final ClientSessions sessions;
    private final ProblemResponses problems;
    private final RefusalDigest refusals;
    private final ClientAddresses clientAddresses;
    private final Clock clock;
    private final Redactor redactor;
    private final ChangeFeed feed;

    SessionTokenAuthenticationFilter(
            ChangeFeed feed,
            SessionTokens tokens,
            ClientSessions sessions,
            ProblemResponses problems,
            RefusalDigest refusals,
            ClientAddresses clientAddresses,
            Clock clock,
            Redactor redactor) {
        this.feed = feed;
        this.redactor = redactor;
        this.tokens = tokens;
        this.sessions = sessions;
        this.problems = problems;
        this.refusals = refusals;
        this.clientAddresses = clientAddresses;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        if (!feed.current()) {
            SecurityContextHolder.clearContext();
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            problems.write(
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "revocations-not-current",
                    "This server cannot confirm that the session token is still valid. Try again shortly.");
            return;
        }
        SessionClaims claims;
        try {
            claims = tokens.verify(header.substring(BEARER.length()).trim());
            if (sessions.refuses(claims)) {
                throw new SessionTokenException(SessionTokenException.Reason.REVOKED);
            }
        } catch (SessionTokenException e) {
            log.debug("Refused a session token on {}: {}", redactor.forLog(request.getRequestURI()), e.reason());
            refusals.refused(new SecurityEvent(
                    SecurityEvent.Type.SESSION_TOKEN_REFUSED,
                    clock.instant(),
                    null,
                    request.getRequestURI(),
                    clientAddresses.of(request),
                    e.reason().name().toLowerCase(java.util.Locale.ROOT)));
            SecurityContextHolder.clearContext();
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "invalid-session-token",
                    "The session token is not valid. Register again.");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                claims, null, List.of(new SimpleGrantedAuthority(CLIENT_SESSION_AUTHORITY))));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
