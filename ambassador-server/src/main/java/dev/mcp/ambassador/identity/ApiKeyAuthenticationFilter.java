package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.audit.SecurityEvent;
import dev.mcp.ambassador.web.ClientAddresses;
import dev.mcp.ambassador.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer amb_ak_…} requests as the key's owner. A bad key ends
 * the request with 401 at once; it never falls back to another way of signing in.
 */
@Component
public class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeyService apiKeys;
    private final ApiKeyThrottle throttle;
    private final AcceptedApiKeys acceptedKeys;
    private final ProblemResponses problems;
    private final RefusalDigest refusals;
    private final ClientAddresses clientAddresses;
    private final Clock clock;

    ApiKeyAuthenticationFilter(
            ApiKeyService apiKeys,
            ApiKeyThrottle throttle,
            AcceptedApiKeys acceptedKeys,
            ProblemResponses problems,
            RefusalDigest refusals,
            ClientAddresses clientAddresses,
            Clock clock) {
        this.apiKeys = apiKeys;
        this.throttle = throttle;
        this.acceptedKeys = acceptedKeys;
        this.problems = problems;
        this.refusals = refusals;
        this.clientAddresses = clientAddresses;
        this.clock = clock;
    }

    /** True when the request presents an API key, which also exempts it from CSRF checks. */
    public static boolean presentsApiKey(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.startsWith(BEARER + OpaqueKeys.API_KEY);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!presentsApiKey(request)) {
            chain.doFilter(request, response);
            return;
        }
        String candidate = request.getHeader(HttpHeaders.AUTHORIZATION)
                .substring(BEARER.length())
                .trim();
        String client = clientAddresses.of(request);
        SecurityContextHolder.clearContext();
        // A key this client has already proven it holds takes no attempt up front (a burst of calls
        // with it is not a burst of guesses); its failure still counts, and a spent budget refuses it.
        boolean known = acceptedKeys.knows(client, candidate);
        OptionalLong wait = known ? throttle.tryBeginKnown(client) : throttle.tryBegin(client);
        if (wait.isPresent()) {
            refusals.refused(new SecurityEvent(
                    SecurityEvent.Type.API_KEY_REFUSED, clock.instant(), null, null, client, "too many failures"));
            problems.write(response, throttle.tooMany(wait.getAsLong()));
            return;
        }
        Optional<User> owner;
        try {
            owner = apiKeys.authenticate(candidate);
        } catch (ErrorResponseException busy) {
            if (!known) {
                throttle.succeeded(client); // not a refusal: the key could not be checked yet
            }
            problems.write(response, busy);
            return;
        }
        if (owner.isEmpty()) {
            if (known) {
                acceptedKeys.refused(client, candidate);
                throttle.failedKnown(client);
            }
            String subject = OpaqueKeys.lookupPrefix(OpaqueKeys.API_KEY, candidate)
                    .map(prefix -> "prefix " + prefix)
                    .orElse("malformed");
            refusals.refused(new SecurityEvent(
                    SecurityEvent.Type.API_KEY_REFUSED, clock.instant(), null, subject, client, null));
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            problems.write(response, HttpStatus.UNAUTHORIZED, "invalid-api-key", "The API key is not valid.");
            return;
        }
        if (!known) {
            throttle.succeeded(client);
        }
        acceptedKeys.accepted(client, candidate); // remembered for another window from now
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(AuthenticatedUser.of(owner.get()).toAuthentication());
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
