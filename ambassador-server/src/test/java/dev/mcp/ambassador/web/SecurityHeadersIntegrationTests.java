package dev.mcp.ambassador.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestHttp;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every answer, web UI or API, success or refusal, carries the same strict security headers; the
 * UI's routes are served its index page; the production bundle ships no source maps.
 */
class SecurityHeadersIntegrationTests extends SharedServerTests {

    private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"");
    private static final Pattern STYLESHEET = Pattern.compile("href=\"(/assets/[^\"]+\\.css)\"");

    private TestHttp http;

    @BeforeEach
    void client() {
        http = new TestHttp(port, DATA_DIR);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET /",
                "GET /index.html",
                "GET /users",
                "GET /audit/events/123",
                "GET /assets/missing.js",
                "GET /actuator/health",
                "GET /v1/auth/me",
                "GET /v1/admin/users",
                "GET /v1/nothing-here",
                "POST /v1/auth/login",
                "POST /v1/sessions/register",
                "POST /mcp",
                "GET /mcp",
                "DELETE /users",
                "GET /no-such-file.txt"
            })
    void responseWhenAnyPathThenStrictSecurityHeaders(String request) {
        String[] parts = request.split(" ", 2);
        TestHttp.Reply reply = http.send(parts[0], parts[1], parts[0].equals("POST") ? "{}" : null);

        assertStrictHeaders(reply);
    }

    @Test
    void contentSecurityPolicyWhenReadThenNothingUnsafeOrInline() {
        String csp = http.send("GET", "/", null).header("Content-Security-Policy");

        assertThat(csp)
                .isEqualTo("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                        + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
                        + " frame-ancestors 'none'")
                .doesNotContain("unsafe");
    }

    @Test
    void assetsWhenServedThenHeadersAndNoSourceMaps() {
        String index = http.send("GET", "/", null).body();
        String script = first(SCRIPT, index);
        String stylesheet = first(STYLESHEET, index);

        TestHttp.Reply js = http.send("GET", script, null);
        TestHttp.Reply css = http.send("GET", stylesheet, null);

        assertThat(js.status()).isEqualTo(200);
        assertThat(css.status()).isEqualTo(200);
        assertStrictHeaders(js);
        assertStrictHeaders(css);
        assertThat(js.body()).doesNotContain("sourceMappingURL");
        assertThat(css.body()).doesNotContain("sourceMappingURL");
        assertThat(http.send("GET", script + ".map", null).status()).isEqualTo(404);
        // The page itself holds no inline script or style for the policy to allow.
        assertThat(index).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("<style", "style=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/users", "/users/", "/audit", "/servers/everything/instances", "/account/password"})
    void uiRouteWhenRequestedThenIndexPage(String path) {
        TestHttp.Reply route = http.send("GET", path, null, "Accept", "text/html");
        TestHttp.Reply root = http.send("GET", "/", null);

        assertThat(route.status()).isEqualTo(200);
        assertThat(route.header("Content-Type")).startsWith("text/html");
        assertThat(route.body()).isEqualTo(root.body()).contains("<div id=\"root\"></div>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/nothing-here", "/mcp", "/actuator/nothing", "/v3/nothing", "/error", "/users.json"})
    void serverPathWhenRequestedThenNeverTheIndexPage(String path) {
        TestHttp.Reply reply = http.send("GET", path, null, "Accept", "text/html");

        assertThat(reply.status()).isGreaterThanOrEqualTo(400);
        assertThat(reply.body()).doesNotContain("<div id=\"root\">");
    }

    @Test
    void uiRouteWhenPostedThenRefused() {
        TestHttp.Reply reply = http.send("POST", "/users", Map.of());

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.body()).doesNotContain("<div id=\"root\">");
    }

    private static void assertStrictHeaders(TestHttp.Reply reply) {
        assertThat(reply.header("Content-Security-Policy"))
                .as("CSP")
                .isEqualTo(SecurityHeaders.CONTENT_SECURITY_POLICY);
        assertThat(reply.header("Strict-Transport-Security")).isEqualTo("max-age=31536000 ; includeSubDomains");
        assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(reply.header("Permissions-Policy"))
                .isEqualTo(SecurityHeaders.PERMISSIONS_POLICY)
                .contains("camera=()", "microphone=()", "geolocation=()");
    }

    private static String first(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        assertThat(matcher.find()).as("%s in %s", pattern, html).isTrue();
        return matcher.group(1);
    }
}
