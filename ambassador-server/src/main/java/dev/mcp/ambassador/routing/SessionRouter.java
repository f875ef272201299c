package dev.mcp.ambassador.routing;

import dev.mcp.ambassador.web.ClientAddresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends each {@code /mcp} request that names an MCP session to the replica that owns it, so a
 * load balancer needs no affinity. It runs after authentication: only a caller with a valid token
 * is forwarded, and the owner checks that token again and runs everything as for a direct request.
 *
 * <ul>
 *   <li>An id that is not genuine ({@link SessionIds}) is answered 404, like an unknown session,
 *       and never forwarded.
 *   <li>A session owned here is served here.
 *   <li>A session owned by another live replica is forwarded to it ({@link OwnerForwarder}); when
 *       that replica is gone the answer is 404, and the client initializes again, as the MCP
 *       specification intends.
 *   <li>A request forwarded here ({@link InternalHop#HEADER}) is served here only if its header is
 *       genuine and the session is this replica's; a client that sends the header itself is
 *       refused. A forwarded request is never forwarded again.
 * </ul>
 *
 * Requests without a session (initialize, the 2026-07-28 protocol) pass untouched. Each decision
 * is counted in {@value #ROUTED}, tagged {@code route}.
 */
@Component
class SessionRouter extends OncePerRequestFilter {

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String UNKNOWN_SESSION = "Unknown or ended MCP session.";
    static final long RETRY_AFTER_SECONDS = 5;
    static final String ROUTED = "ambassador.mcp.session.routing";

    /** What became of a request that named a session, as the {@code route} tag says it. */
    enum Route {
        SERVED_HERE,
        FORWARDED,
        OWNER_GONE,
        OWNER_UNKNOWN,
        ID_NOT_GENUINE,
        SERVED_FOR_REPLICA,
        HOP_REFUSED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SessionRouter.class);

    private final SessionIds ids;
    private final InternalHop hop;
    private final OwnerForwarder forwarder;
    private final ClientAddresses addresses;
    private final JsonMapper json;
    private final MeterRegistry metrics;

    SessionRouter(
            SessionIds ids,
            InternalHop hop,
            OwnerForwarder forwarder,
            ClientAddresses addresses,
            JsonMapper json,
            MeterRegistry metrics) {
        this.metrics = metrics;
        this.ids = ids;
        this.hop = hop;
        this.forwarder = forwarder;
        this.addresses = addresses;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"/mcp".equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sessionId = request.getHeader(SESSION_HEADER);
        String forwardedBy = request.getHeader(InternalHop.HEADER);
        if (forwardedBy != null) {
            servedForAnotherReplica(forwardedBy, sessionId, request, response, chain);
            return;
        }
        if (sessionId == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<UUID> owner = ids.owner(sessionId);
        if (owner.isEmpty()) {
            count(Route.ID_NOT_GENUINE);
            unknownSession(response);
            return;
        }
        if (owner.get().equals(ids.self())) {
            count(Route.SERVED_HERE);
            chain.doFilter(request, response);
            return;
        }
        InternalHop.Forwarded seen = new InternalHop.Forwarded(host(request), addresses.of(request));
        try {
            switch (forwarder.forward(owner.get(), sessionId, seen, request, response)) {
                case RELAYED -> count(Route.FORWARDED);
                case GONE -> {
                    count(Route.OWNER_GONE);
                    unknownSession(response);
                }
                case UNKNOWN -> {
                    count(Route.OWNER_UNKNOWN);
                    // The session may well be alive: the client should try again, not start over.
                    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
                    refuse(
                            response,
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "The replica that holds this MCP session cannot be looked up right now. Try again.");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void servedForAnotherReplica(
            String forwardedBy,
            String sessionId,
            HttpServletRequest request,
            HttpServletResponse response,
            FilterChain chain)
            throws ServletException, IOException {
        String path =
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        Optional<InternalHop.Forwarded> seen = hop.verify(forwardedBy, request.getMethod(), path, sessionId);
        if (seen.isEmpty()) {
            log.warn("Refused a request from {} with a forwarding header that is not genuine", request.getRemoteAddr());
            count(Route.HOP_REFUSED);
            refuse(response, HttpStatus.FORBIDDEN, "The " + InternalHop.HEADER + " header is for replicas only.");
            return;
        }
        if (!ids.owner(sessionId).map(ids.self()::equals).orElse(false)) {
            count(Route.HOP_REFUSED);
            unknownSession(response);
            return;
        }
        count(Route.SERVED_FOR_REPLICA);
        chain.doFilter(new AsSeenByTheForwarder(request, seen.get()), response);
    }

    private void count(Route route) {
        Counter.builder(ROUTED)
                .description("Requests naming an MCP session: served here, forwarded to the owner, or refused")
                .tag("route", route.tag())
                .register(metrics)
                .increment();
    }

    private static String host(HttpServletRequest request) {
        String host = request.getHeader(HttpHeaders.HOST);
        return host != null ? host : request.getServerName() + ":" + request.getServerPort();
    }

    private void unknownSession(HttpServletResponse response) throws IOException {
        refuse(response, HttpStatus.NOT_FOUND, UNKNOWN_SESSION);
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        ObjectNode body = json.createObjectNode().put("jsonrpc", "2.0").putNull("id");
        body.putObject("error").put("code", -32600).put("message", message);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }

    /**
     * The request as the client made it to the forwarding replica: its {@code Host} and its
     * address, so the owner's Host and Origin checks and its audit see the client, not the hop.
     */
    private static final class AsSeenByTheForwarder extends HttpServletRequestWrapper {

        private final InternalHop.Forwarded seen;
        private final String serverName;
        private final int serverPort;

        AsSeenByTheForwarder(HttpServletRequest request, InternalHop.Forwarded seen) {
            super(request);
            this.seen = seen;
            String host = seen.host();
            int colon = host.lastIndexOf(':');
            boolean hasPort = colon > host.lastIndexOf(']') && colon > 0;
            this.serverName = hasPort ? host.substring(0, colon) : host;
            this.serverPort = hasPort ? parsePort(host.substring(colon + 1)) : 443;
        }

        private static int parsePort(String port) {
            try {
                return Integer.parseInt(port);
            } catch (NumberFormatException e) {
                return 443;
            }
        }

        @Override
        public String getRemoteAddr() {
            return seen.client();
        }

        @Override
        public String getRemoteHost() {
            return seen.client();
        }

        @Override
        public String getServerName() {
            return serverName;
        }

        @Override
        public int getServerPort() {
            return serverPort;
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.HOST.equalsIgnoreCase(name) ? seen.host() : super.getHeader(name);
        }
    }
}
