package dev.mcp.ambassador.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * History-API fallback for the web UI: a request for one of its routes ({@link SpaRoutes}) is
 * answered with {@code /index.html}, whose script then shows the page for that path. It runs after
 * Spring Security, so the route has already passed the security chain (and got its headers).
 */
@Configuration(proxyBeanMethods = false)
class SpaHistoryFallback {

    static final String INDEX = "/index.html";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> spaHistoryFallbackFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new Forwarder());
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    private static final class Forwarder extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (SpaRoutes.MATCHER.matches(request)) {
                request.getRequestDispatcher(INDEX).forward(request, response);
            } else {
                chain.doFilter(request, response);
            }
        }
    }
}
