package dev.mcp.ambassador.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The paths that belong to the web UI's own router ({@code /users}, {@code /audit/…}): a {@code
 * GET} or {@code HEAD} of a path made only of plain segments (letters, digits, {@code -}, {@code
 * _}; no file extension) whose first segment is none of the server's own prefixes. Such a request
 * is answered with the app's {@code index.html}, so a bookmarked or reloaded page opens in the app.
 * The API, {@code /mcp}, actuator, assets and error paths never match, so they keep their own
 * answers (a problem document, not HTML).
 */
public final class SpaRoutes implements RequestMatcher {

    /** The one instance, for the security configuration and the fallback filter alike. */
    public static final SpaRoutes MATCHER = new SpaRoutes();

    private static final Pattern ROUTE = Pattern.compile("(/[A-Za-z0-9_-]{1,128}){1,8}/?");
    private static final Set<String> SERVER_PREFIXES = Set.of("v1", "v2", "v3", "mcp", "actuator", "assets", "error");

    private SpaRoutes() {}

    @Override
    public boolean matches(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return isRoute(path);
    }

    static boolean isRoute(String path) {
        if (!ROUTE.matcher(path).matches()) {
            return false;
        }
        int end = path.indexOf('/', 1);
        String first = end < 0 ? path.substring(1) : path.substring(1, end);
        return !SERVER_PREFIXES.contains(first.toLowerCase(java.util.Locale.ROOT));
    }
}
