package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * While the first administrator still has the generated password ({@link FirstRunPassword}), the
 * API refuses them everything but {@code /v1/auth/**}, {@code GET /v1/me} and {@code PUT
 * /v1/me/password}: a password that was printed to a console is replaced before it can be used
 * to change anything. The refusal is {@code 403} with type {@code password-change-required}.
 */
@Configuration(proxyBeanMethods = false)
class PasswordChangeRequiredInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private static final Set<String> ALWAYS_ALLOWED = Set.of("GET /v1/me", "PUT /v1/me/password");

    private final FirstRunPassword firstRun;

    PasswordChangeRequiredInterceptor(FirstRunPassword firstRun) {
        this.firstRun = firstRun;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**").excludePathPatterns("/v1/auth/**", "/v1/sessions/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof AuthenticatedUser user)) {
            return true;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (ALWAYS_ALLOWED.contains(request.getMethod() + " " + path) || !firstRun.changeRequired(user.id())) {
            return true;
        }
        throw Problems.of(
                HttpStatus.FORBIDDEN,
                "password-change-required",
                "Replace the generated first-run password (PUT /v1/me/password) before doing anything else.");
    }
}
