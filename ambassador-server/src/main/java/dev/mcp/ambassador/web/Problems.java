package dev.mcp.ambassador.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problem documents ({@code application/problem+json}) every endpoint answers errors with. A
 * detail names what was wrong and never echoes a secret.
 */
public final class Problems {

    static final String TYPE_BASE = "https://mcp-ambassador.dev/problems/";

    private Problems() {}

    public static ErrorResponseException of(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        return new ErrorResponseException(status, problem, null);
    }

    /** A 429 that tells the client, in {@code Retry-After} and in words, when to try again. */
    public static ErrorResponseException tooManyAttempts(String what, long retryAfterSeconds) {
        ErrorResponseException problem = of(
                HttpStatus.TOO_MANY_REQUESTS,
                "too-many-attempts",
                "Too many " + what + " from this address. Try again in " + retryAfterSeconds + " s.");
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        return problem;
    }

    public static ErrorResponseException notFound(String what) {
        return of(HttpStatus.NOT_FOUND, "not-found", "No such " + what + ".");
    }

    public static ErrorResponseException conflict(String detail) {
        return of(HttpStatus.CONFLICT, "conflict", detail);
    }

    /** A 400 naming one bad field, in the same shape as bean validation failures. */
    public static ErrorResponseException invalidField(String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request is not valid.");
        problem.setType(URI.create(TYPE_BASE + "validation"));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
