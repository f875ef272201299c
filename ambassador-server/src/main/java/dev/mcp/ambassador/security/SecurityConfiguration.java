package dev.mcp.ambassador.security;

import dev.mcp.ambassador.identity.ApiKeyAuthenticationFilter;
import dev.mcp.ambassador.identity.BrowserSessionFilter;
import dev.mcp.ambassador.identity.Role;
import dev.mcp.ambassador.session.SessionTokenAuthenticationFilter;
import dev.mcp.ambassador.web.ProblemResponses;
import dev.mcp.ambassador.web.SecurityHeaders;
import dev.mcp.ambassador.web.SpaRoutes;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two filter chains. Client traffic ({@code /mcp}, {@code /v1/sessions/**}) is stateless and
 * authenticated by session tokens only. Everything else accepts a signed-in browser session (with
 * a double-submit CSRF cookie on every mutation) or an admin API key (exempt from CSRF, since a
 * browser never attaches it by itself). Nothing is permitted by default: each path is listed.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * No observation per security filter, authentication and authorization: on every request
     * they built key-values for a dozen filters and recorded nothing the documented metrics use
     * (the HTTP server metrics come from Spring MVC's own observation, which stays).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
        repository.setCookieCustomizer(
                cookie -> cookie.secure(true).sameSite("Strict").path("/"));
        return repository;
    }

    // These filters run inside the security chains only, never as plain servlet filters.
    @Bean
    FilterRegistrationBean<SessionTokenAuthenticationFilter> sessionTokenFilterRegistration(
            SessionTokenAuthenticationFilter filter) {
        FilterRegistrationBean<SessionTokenAuthenticationFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ApiKeyAuthenticationFilter> apiKeyFilterRegistration(ApiKeyAuthenticationFilter filter) {
        FilterRegistrationBean<ApiKeyAuthenticationFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BrowserSessionFilter> browserSessionFilterRegistration(BrowserSessionFilter filter) {
        FilterRegistrationBean<BrowserSessionFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    @Order(1)
    SecurityFilterChain clientChain(
            HttpSecurity http, SessionTokenAuthenticationFilter sessionTokens, ProblemResponses problems)
            throws Exception {
        http.securityMatcher("/mcp", "/mcp/**", "/v1/sessions/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(sessionTokens, BasicAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.POST, "/v1/sessions/register")
                        .permitAll()
                        .anyRequest()
                        .hasAuthority(SessionTokenAuthenticationFilter.CLIENT_SESSION_AUTHORITY))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(bearerChallenge(problems))
                        .accessDeniedHandler(denied(problems)));
        headers(http);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain applicationChain(
            HttpSecurity http,
            ApiKeyAuthenticationFilter apiKeys,
            BrowserSessionFilter browserSessions,
            CsrfTokenRepository csrfTokens,
            SecurityContextRepository contextRepository,
            ProblemResponses problems)
            throws Exception {
        RequestMatcher apiKeyRequest = ApiKeyAuthenticationFilter::presentsApiKey;
        http.securityContext(context -> context.securityContextRepository(contextRepository))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(apiKeyRequest)
                        .ignoringRequestMatchers("/v1/auth/login"))
                .addFilterBefore(apiKeys, BasicAuthenticationFilter.class)
                // A browser session whose user lost the rights it signed in with continues unauthenticated.
                .addFilterAfter(browserSessions, BasicAuthenticationFilter.class)
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                // A streamed answer (the audit export) is finished in a second, asynchronous
                // dispatch of the same request, which was authorized when it arrived; a stateless
                // API key is not presented to it again, so it must not be refused there.
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ASYNC)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/v1/auth/login")
                        .permitAll()
                        .requestMatchers("/v1/admin/**", "/v3/api-docs", "/v3/api-docs/**", "/actuator/prometheus")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers("/v1/audit/**")
                        .hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name())
                        .requestMatchers("/v1/**", "/actuator/**")
                        .authenticated()
                        .requestMatchers(
                                HttpMethod.GET, "/", "/index.html", "/assets/**", "/favicon.ico", "/favicon.svg")
                        .permitAll()
                        .requestMatchers(SpaRoutes.MATCHER)
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> problems.write(
                                response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Sign in or present an API key."))
                        .accessDeniedHandler(denied(problems)));
        headers(http);
        return http.build();
    }

    private static void headers(HttpSecurity http) throws Exception {
        http.headers(SecurityHeaders.policy());
    }

    private static AuthenticationEntryPoint bearerChallenge(ProblemResponses problems) {
        return (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            problems.write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthenticated",
                    "A session token is required: register with a preshared key first.");
        };
    }

    private static AccessDeniedHandler denied(ProblemResponses problems) {
        return (request, response, e) -> {
            if (!response.isCommitted()) {
                problems.write(response, HttpStatus.FORBIDDEN, "forbidden", "This request is not allowed.");
            }
        };
    }
}
