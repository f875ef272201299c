package dev.mcp.ambassador.cli.admin;

import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.ExitCodes;
import dev.mcp.ambassador.cli.tls.ServerTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin, audit and self-service APIs over HTTPS with an API key. A refusal becomes a
 * {@link CliException} carrying the problem document's {@code detail} and each field error, never
 * the raw body or a stack trace.
 */
final class AdminApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final URI server;
    private final HttpClient http;
    private final ServerTrust trust;
    private final String apiKey;
    private final JsonMapper json = JsonMapper.builder().build();

    AdminApi(URI server, HttpClient http, ServerTrust trust, String apiKey) {
        this.server = server;
        this.http = http;
        this.trust = trust;
        this.apiKey = apiKey;
    }

    JsonMapper json() {
        return json;
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    JsonNode patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** A streamed GET (exports, followed events): the caller reads and closes the body. */
    HttpResponse<InputStream> stream(String path) {
        HttpResponse<InputStream> response =
                exchange(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 400) {
            try (InputStream body = response.body()) {
                throw refusal(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw trust.explain(e);
            }
        }
        return response;
    }

    JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder request = request(path);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw refusal(response.statusCode(), response.body());
        }
        String text = response.body();
        if (text == null || text.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            throw new CliException(ExitCodes.FAILED, method + " " + path + " answered something that is not JSON");
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.resolve(path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + apiKey);
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw trust.explain(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
    }

    /** The problem document as words: its detail (or title), then one line per field error. */
    CliException refusal(int status, String body) {
        StringBuilder message = new StringBuilder();
        try {
            JsonNode problem = json.readTree(body == null ? "" : body);
            message.append(problem.path("detail").asString(problem.path("title").asString("")));
            for (JsonNode error : problem.path("errors")) {
                message.append("\n  ")
                        .append(error.path("field").asString("?"))
                        .append(": ")
                        .append(error.path("message").asString(""));
            }
        } catch (JacksonException | IllegalArgumentException e) {
            // not a problem document: the status alone says what happened
        }
        if (message.isEmpty()) {
            message.append("the server answered HTTP ").append(status);
        }
        int exitCode = status == 401 || status == 403 ? ExitCodes.NOT_AUTHENTICATED : ExitCodes.FAILED;
        if (status == 401) {
            message.append("\n  (sign in again with: ambassador login)");
        }
        return new CliException(exitCode, message.toString());
    }
}
