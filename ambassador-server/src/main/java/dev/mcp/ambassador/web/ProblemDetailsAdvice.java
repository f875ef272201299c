package dev.mcp.ambassador.web;

import dev.mcp.ambassador.redaction.Redactor;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure of a controller into a problem document. Validation failures name each bad
 * field in {@code errors}; anything unexpected is logged here and answered with a bare 500, so no
 * exception text or stack trace reaches a caller.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private final Redactor redactor;

    ProblemDetailsAdvice(Redactor redactor) {
        this.redactor = redactor;
    }

    /**
     * Every problem a handler raised passes the {@link Redactor} on its way out: a detail or a
     * field message may quote what the caller sent, and that may hold a key or a token.
     */
    @Override
    protected ResponseEntity<Object> handleErrorResponseException(
            ErrorResponseException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ex.getBody();
        problem.setDetail(redactor.text(problem.getDetail()));
        if (problem.getProperties() != null && problem.getProperties().get("errors") instanceof List<?> errors) {
            problem.setProperty(
                    "errors",
                    errors.stream()
                            .map(error -> error instanceof Map<?, ?> fields ? redacted(fields) : error)
                            .toList());
        }
        return super.handleErrorResponseException(ex, headers, status, request);
    }

    private Map<String, Object> redacted(Map<?, ?> fields) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        fields.forEach((name, value) ->
                copy.put(String.valueOf(name), value instanceof String text ? redactor.text(text) : value));
        return copy;
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of(
                        "field",
                        snakeCase(error.getField()),
                        "message",
                        error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage()))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request is not valid.");
        problem.setType(URI.create(Problems.TYPE_BASE + "validation"));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * A body that cannot be read: the problem names the field (its JSON path) that is unknown or
     * of the wrong type, in the same {@code errors} shape as every other validation failure.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        JacksonException jackson = cause(ex, JacksonException.class);
        String field = jackson == null ? "" : path(jackson.getPath());
        ProblemDetail problem;
        if (jackson instanceof StreamConstraintsException limit) {
            problem = overLimit(limit, field);
        } else if (!field.isEmpty()) {
            String message = jackson instanceof UnrecognizedPropertyException
                    ? "is not a known field"
                    : "has the wrong type or format";
            problem = Problems.invalidField(field, message).getBody();
        } else {
            String detail = jackson instanceof StreamReadException
                    ? "The request body is not valid JSON."
                    : "The request body is missing or cannot be read.";
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
            problem.setType(URI.create(Problems.TYPE_BASE + "unreadable-body"));
        }
        return ResponseEntity.badRequest().body(problem);
    }

    /** Which read limit a body broke, in words, naming the field when it is known. */
    private static ProblemDetail overLimit(StreamConstraintsException limit, String field) {
        String reason = String.valueOf(limit.getOriginalMessage());
        String message;
        if (reason.startsWith("Document nesting depth")) {
            message = "nests deeper than " + RequestJsonLimits.MAX_NESTING_DEPTH + " levels";
        } else if (reason.startsWith("Number value length")) {
            message = "has a number longer than " + RequestJsonLimits.MAX_NUMBER_LENGTH + " characters";
        } else if (reason.startsWith("Name length")) {
            message = "has a field name longer than " + RequestJsonLimits.MAX_NAME_LENGTH + " characters";
        } else if (reason.startsWith("String value length")) {
            message = "has a string longer than " + RequestJsonLimits.MAX_STRING_LENGTH + " characters";
        } else {
            message = "is larger than the server reads";
        }
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request body " + message + ".");
        problem.setType(URI.create(Problems.TYPE_BASE + "body-limit"));
        problem.setTitle("Request body over a limit");
        problem.setProperty("errors", List.of(Map.of("field", field.isEmpty() ? "body" : field, "message", message)));
        return problem;
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : references) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail conflict(DataIntegrityViolationException e) {
        log.debug(
                "Constraint violation: {}", e.getMostSpecificCause().getClass().getSimpleName());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "The change conflicts with existing data or refers to something that does not exist.");
        problem.setType(URI.create(Problems.TYPE_BASE + "conflict"));
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        // The exception's messages may quote what was sent; they are logged redacted, the trace whole.
        log.error("Unexpected failure handling a request", redactor.forLog(e));
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An internal error occurred.");
        problem.setType(URI.create(Problems.TYPE_BASE + "internal"));
        return problem;
    }

    static String snakeCase(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
