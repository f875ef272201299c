package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.config.AmbassadorProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Guards {@code /mcp} against DNS rebinding and cross-site browsers. The {@code Host} header must
 * name the ambassador: one of {@code AMBASSADOR_HOSTNAMES} or a loopback address, so a hostile name
 * that resolves to the ambassador's address gets nowhere. A browser's {@code Origin} must be the
 * ambassador's own or listed in {@code AMBASSADOR_ALLOWED_ORIGINS}; requests without one come from
 * non-browser clients and are not affected. The token still has to be valid either way.
 */
@Component
class OriginPolicy {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final Set<String> allowedOrigins;
    private final Set<String> hostnames;

    @Autowired
    OriginPolicy(AmbassadorProperties properties) {
        this(properties.hostnames(), properties.allowedOrigins());
    }

    OriginPolicy(List<String> configuredHostnames, List<String> configuredOrigins) {
        this.allowedOrigins = configuredOrigins == null
                ? Set.of()
                : configuredOrigins.stream()
                        .map(String::trim)
                        .filter(origin -> !origin.isEmpty())
                        .map(OriginPolicy::normalise)
                        .collect(Collectors.toUnmodifiableSet());
        Set<String> names = new HashSet<>(LOOPBACK);
        if (configuredHostnames != null) {
            configuredHostnames.stream()
                    .map(name -> name.trim().toLowerCase(Locale.ROOT))
                    .filter(name -> !name.isEmpty())
                    .forEach(names::add);
        }
        this.hostnames = Set.copyOf(names);
    }

    /** Why the request must be refused with 403, or empty when it may proceed. */
    Optional<String> refusal(HttpServletRequest request) {
        // The server name comes from Host, or from :authority under HTTP/2.
        String host = hostOf(request.getServerName());
        if (host == null || !hostnames.contains(host)) {
            return Optional.of("Host not served here; the ambassador answers to AMBASSADOR_HOSTNAMES only.");
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return Optional.empty();
        }
        String normalised = normalise(origin);
        return isOwn(normalised, request) || allowedOrigins.contains(normalised)
                ? Optional.empty()
                : Optional.of("Origin not allowed.");
    }

    /**
     * The ambassador's own origin, in either scheme: its port speaks only TLS, so no page can be
     * served from the plain-http origin of the same host and port, and some clients send that one.
     */
    private static boolean isOwn(String origin, HttpServletRequest request) {
        int port = request.getServerPort();
        String host = request.getServerName().toLowerCase(Locale.ROOT);
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        String https = "https://" + host + (port == 443 ? "" : ":" + port);
        String http = "http://" + host + (port == 80 ? "" : ":" + port);
        return origin.equals(https) || origin.equals(http);
    }

    /** The host part of a Host header or server name, lower case, without any port. */
    static String hostOf(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String host = header.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? null : host.substring(0, end + 1);
        }
        if (host.indexOf(':') != host.lastIndexOf(':')) {
            return "[" + host + "]";
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String normalise(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return origin.trim();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort =
                    port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return origin.trim();
        }
    }
}
