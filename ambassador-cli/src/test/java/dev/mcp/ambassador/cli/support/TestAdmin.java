package dev.mcp.ambassador.cli.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API driven directly over HTTPS (trusting only the server's CA), to set up what a test
 * needs without going through the CLI under test: signs in once with the bootstrap password and
 * uses an API key afterwards.
 */
public final class TestAdmin {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestServer server;
    private final HttpClient http;
    private final String apiKey;

    private TestAdmin(TestServer server, HttpClient http, String apiKey) {
        this.server = server;
        this.http = http;
        this.apiKey = apiKey;
    }

    public static TestAdmin signIn(TestServer server) {
        CookieManager cookies = new CookieManager();
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TestTls.trustingOnly(server.caFile()))
                .cookieHandler(cookies)
                .build();
        JsonNode login = send(
                http,
                server,
                "POST",
                "/v1/auth/login",
                Map.of("username", TestServer.ADMIN_USERNAME, "password", TestServer.ADMIN_PASSWORD),
                200);
        assertThat(login.isMissingNode()).isFalse();
        String xsrf = cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow();
        JsonNode key =
                send(http, server, "POST", "/v1/admin/api-keys", Map.of("name", "tests"), 201, "X-XSRF-TOKEN", xsrf);
        return new TestAdmin(
                server,
                HttpClient.newBuilder()
                        .sslContext(TestTls.trustingOnly(server.caFile()))
                        .build(),
                key.get("api_key").asString());
    }

    public String apiKey() {
        return apiKey;
    }

    public JsonNode call(String method, String path, Object body, int expectedStatus) {
        return send(http, server, method, path, body, expectedStatus, "Authorization", "Bearer " + apiKey);
    }

    public String createUser(String username) {
        return call("POST", "/v1/admin/users", Map.of("username", username, "roles", List.of("USER")), 201)
                .get("id")
                .asString();
    }

    public String issuePresharedKey(String userId) {
        return call("POST", "/v1/admin/preshared-keys", Map.of("user_id", userId, "name", "laptop"), 201)
                .get("preshared_key")
                .asString();
    }

    /** Publishes server-everything (one process per user) under {@code slug} and grants the user all of it. */
    public void publishEverything(String slug, String userId) {
        call(
                "POST",
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "stdio",
                        "command",
                        List.of("node", TestServer.SERVER_EVERYTHING.toString(), "stdio"),
                        "isolation",
                        "per_user",
                        "status",
                        "published"),
                201);
        call(
                "POST",
                "/v1/admin/grants",
                Map.of("user_id", userId, "server", slug, "allow", List.of("*"), "deny", List.of()),
                201);
    }

    private static JsonNode send(
            HttpClient http,
            TestServer server,
            String method,
            String path,
            Object body,
            int expectedStatus,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve(path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("%s %s: %s", method, path, response.body())
                    .isEqualTo(expectedStatus);
            return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
