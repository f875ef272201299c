package dev.mcp.ambassador.web;

import java.time.Duration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * The response headers every answer carries, API and web UI alike: a Content-Security-Policy that
 * allows nothing inline and nothing from elsewhere (no {@code unsafe-inline}, no {@code
 * unsafe-eval}), HSTS for a year, {@code nosniff}, no referrer, no framing, and a
 * Permissions-Policy that turns off the browser features the ambassador never uses.
 *
 * <p>Both security filter chains apply {@link #policy()}; every request passes one of them (the
 * last chain refuses whatever it does not list), so no response goes out without these headers.
 */
public final class SecurityHeaders {

    /** Only the app's own scripts, styles, images (and data: images), and requests to its own origin. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    /** Features the web UI never needs, switched off for this origin and anything it embeds. */
    public static final String PERMISSIONS_POLICY = "accelerometer=(), autoplay=(), camera=(), display-capture=(),"
            + " encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(),"
            + " midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(),"
            + " usb=(), xr-spatial-tracking=()";

    private SecurityHeaders() {}

    /** The header policy, for {@code http.headers(SecurityHeaders.policy())}. */
    public static Customizer<HeadersConfigurer<HttpSecurity>> policy() {
        return headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .contentTypeOptions(Customizer.withDefaults())
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true)
                        .maxAgeInSeconds(Duration.ofDays(365).toSeconds()))
                .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY));
    }
}
