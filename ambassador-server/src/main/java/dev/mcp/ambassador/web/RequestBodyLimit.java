package dev.mcp.ambassador.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies on {@code /v1/**} at {@link #MAX_BYTES} before anything parses them, ahead
 * of authentication, so an anonymous caller cannot make the server read or parse more than that
 * (sign-in and registration are open to anyone). A declared {@code Content-Length} over the cap is
 * refused without reading; a body of unannounced length is read up to the cap and refused when it
 * goes on. Either way the answer is a 413 problem.
 */
@Configuration(proxyBeanMethods = false)
class RequestBodyLimit {

    /** The most any {@code /v1/**} request body may hold. */
    static final int MAX_BYTES = 64 * 1024;

    @Bean
    FilterRegistrationBean<BodyLimitFilter> requestBodyLimitFilter(ProblemResponses problems) {
        FilterRegistrationBean<BodyLimitFilter> registration =
                new FilterRegistrationBean<>(new BodyLimitFilter(problems));
        registration.addUrlPatterns("/v1/*");
        // Before Spring Security's chain (order -100): nothing upstream reads the body.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    static final class BodyLimitFilter extends OncePerRequestFilter {

        private final ProblemResponses problems;

        BodyLimitFilter(ProblemResponses problems) {
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long declared = request.getContentLengthLong();
            if (declared == 0 || (declared < 0 && !hasBody(request))) {
                chain.doFilter(request, response);
                return;
            }
            if (declared > MAX_BYTES) {
                refuse(response);
                return;
            }
            byte[] body = request.getInputStream().readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                refuse(response);
                return;
            }
            chain.doFilter(new CappedRequest(request, body), response);
        }

        private static boolean hasBody(HttpServletRequest request) {
            String method = request.getMethod();
            return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method) || "DELETE".equals(method);
        }

        private void refuse(HttpServletResponse response) throws IOException {
            problems.write(
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "body-too-large",
                    "The request body is larger than " + MAX_BYTES + " bytes.");
        }
    }

    /** The request with its body already read (at most {@link #MAX_BYTES}), served from memory. */
    private static final class CappedRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CappedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body has already been read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = StandardCharsets.UTF_8;
            String encoding = getCharacterEncoding();
            if (encoding != null && Charset.isSupported(encoding)) {
                charset = Charset.forName(encoding);
            }
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
