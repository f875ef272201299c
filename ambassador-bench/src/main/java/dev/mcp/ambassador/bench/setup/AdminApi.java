package dev.mcp.ambassador.bench.setup;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sets the ambassador up through its real admin and client APIs, as an operator's script would:
 * sign in once with the bootstrap password, create an API key, and use only that afterwards.
 */
public final class AdminApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI base;
    private final String apiKey;

    private AdminApi(HttpClient http, URI base, String apiKey) {
        this.http = http;
        this.base = base;
        this.apiKey = apiKey;
    }

    /** Signs in as {@code username} and creates the API key the rest of the set-up uses. */
    public static AdminApi signIn(AmbassadorProcess server, String username, String password) {
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder()
                .sslContext(server.tls())
                .cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        send(
                http,
                post(server.base(), "/v1/auth/login", Map.of("username", username, "password", password))
                        .build(),
                200);
        String xsrf = cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Sign-in set no XSRF-TOKEN cookie"));
        HttpRequest keyRequest = post(server.base(), "/v1/admin/api-keys", Map.of("name", "benchmark"))
                .header("X-XSRF-TOKEN", xsrf)
                .build();
        String apiKey = send(http, keyRequest, 201).get("api_key").asString();
        HttpClient plain = HttpClient.newBuilder()
                .sslContext(server.tls())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        return new AdminApi(plain, server.base(), apiKey);
    }

    /** Creates a user with role USER and returns its id. */
    public UUID createUser(String username) {
        return UUID.fromString(create("/v1/admin/users", Map.of("username", username, "roles", List.of("USER")))
                .get("id")
                .asString());
    }

    /** Issues a preshared key to the user and returns it. */
    public String issuePresharedKey(UUID userId) {
        return create("/v1/admin/preshared-keys", Map.of("user_id", userId, "name", "benchmark"))
                .get("preshared_key")
                .asString();
    }

    /** Publishes a stdio server running {@code command}, shared by all its users. */
    public void publishStdio(String slug, List<String> command) {
        create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "stdio",
                        "command",
                        command,
                        "isolation",
                        "shared",
                        "status",
                        "published"));
    }

    /** Publishes a remote Streamable HTTP server at {@code url}. */
    public void publishHttp(String slug, String url) {
        create("/v1/admin/servers", Map.of("slug", slug, "transport", "http", "url", url, "status", "published"));
    }

    /** Lets the user call every tool of the server. */
    public void grantAll(UUID userId, String slug) {
        create("/v1/admin/grants", Map.of("user_id", userId, "server", slug, "allow", List.of("*")));
    }

    /** Registers a client with the preshared key and returns its session token. */
    public String register(String presharedKey) {
        HttpRequest request = post(
                        base,
                        "/v1/sessions/register",
                        Map.of("preshared_key", presharedKey, "client_name", "ambassador-bench"))
                .build();
        return send(http, request, 201).get("session_token").asString();
    }

    private JsonNode create(String path, Object body) {
        return send(
                http,
                post(base, path, body)
                        .header("Authorization", "Bearer " + apiKey)
                        .build(),
                201);
    }

    private static HttpRequest.Builder post(URI base, String path, Object body) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }

    private static JsonNode send(HttpClient http, HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " "
                        + request.uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(
                    request.method() + " " + request.uri().getPath() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
