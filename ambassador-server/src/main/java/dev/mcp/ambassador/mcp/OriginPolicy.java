package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.config.AmbassadorProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Which browser origins may talk to {@code /mcp}: the ambassador's own, and those listed in
 * {@code AMBASSADOR_ALLOWED_ORIGINS}. Requests without an {@code Origin} header come from
 * non-browser clients and are not affected; the token still has to be valid.
 */
@Component
class OriginPolicy {

    private final Set<String> allowed;

    OriginPolicy(AmbassadorProperties properties) {
        this.allowed = properties.allowedOrigins() == null
                ? Set.of()
                : properties.allowedOrigins().stream()
                        .map(String::trim)
                        .filter(origin -> !origin.isEmpty())
                        .map(OriginPolicy::normalise)
                        .collect(Collectors.toUnmodifiableSet());
    }

    boolean permits(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String normalised = normalise(origin);
        return normalised.equals(ownOrigin(request)) || allowed.contains(normalised);
    }

    private static String ownOrigin(HttpServletRequest request) {
        int port = request.getServerPort();
        String host = request.getServerName().toLowerCase(Locale.ROOT);
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "https://" + host + (port == 443 ? "" : ":" + port);
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
