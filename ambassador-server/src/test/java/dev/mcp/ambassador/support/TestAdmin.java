package dev.mcp.ambassador.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An administrator driving the admin API the way automation would: it signs in once with the
 * bootstrap password (cookie and CSRF header), creates an API key, and uses only that afterwards.
 */
public final class TestAdmin {

    /** The pinned downstream server the end-to-end tests broker to, installed by the build. */
    public static final Path SERVER_EVERYTHING =
            TestServerSettings.PEERS.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");

    /** The pinned filesystem server, installed by the build. */
    public static final Path SERVER_FILESYSTEM =
            TestServerSettings.PEERS.resolve("node_modules/@modelcontextprotocol/server-filesystem/dist/index.js");

    private final TestHttp http;
    private final String apiKey;

    private TestAdmin(TestHttp http, String apiKey) {
        this.http = http;
        this.apiKey = apiKey;
    }

    public static TestAdmin signIn(TestHttp http) {
        TestHttp.Reply login = http.send(
                "POST",
                "/v1/auth/login",
                Map.of("username", TestServerSettings.ADMIN_USERNAME, "password", TestServerSettings.ADMIN_PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        TestHttp.Reply key = http.send(
                "POST", "/v1/admin/api-keys", Map.of("name", "tests"), "X-XSRF-TOKEN", http.cookie("XSRF-TOKEN"));
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        return new TestAdmin(http, key.json().get("api_key").asString());
    }

    public String apiKey() {
        return apiKey;
    }

    public TestHttp.Reply call(String method, String path, Object body) {
        return http.send(method, path, body, "Authorization", "Bearer " + apiKey);
    }

    public JsonNode create(String path, Object body) {
        TestHttp.Reply reply = call("POST", path, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    public UUID createUser(String username) {
        return UUID.fromString(create("/v1/admin/users", Map.of("username", username, "roles", List.of("USER")))
                .get("id")
                .asString());
    }

    public String issuePresharedKey(UUID userId) {
        return create("/v1/admin/preshared-keys", Map.of("user_id", userId, "name", "laptop"))
                .get("preshared_key")
                .asString();
    }

    /**
     * Adds a grant of {@code slug}'s echo for {@code userId}: a change of access that every session of
     * the user hears of as a tool list change. Returns the status rather than asserting it, for a
     * script's reader thread, where a failed assertion would go unseen.
     */
    public int addEchoGrant(UUID userId, String slug) {
        return call(
                        "POST",
                        "/v1/admin/grants",
                        Map.of("user_id", userId, "server", slug, "allow", List.of("echo"), "deny", List.of()))
                .status();
    }

    /**
     * Publishes server-everything under {@code slug} and grants {@code userId} the given tools, and
     * all of its prompts and resources.
     */
    public void publishEverything(String slug, UUID userId, List<String> allow, List<String> deny) {
        publishEverything(slug, userId, allow, deny, "shared");
    }

    /** As above, with the given isolation: {@code shared} or {@code per_user}. */
    public void publishEverything(String slug, UUID userId, List<String> allow, List<String> deny, String isolation) {
        create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "stdio",
                        "command",
                        List.of("node", SERVER_EVERYTHING.toString(), "stdio"),
                        "isolation",
                        isolation,
                        "status",
                        "published"));
        create(
                "/v1/admin/grants",
                Map.of(
                        "user_id",
                        userId,
                        "server",
                        slug,
                        "allow",
                        allow,
                        "deny",
                        deny,
                        "prompt_allow",
                        List.of("*"),
                        "resource_allow",
                        List.of("*")));
    }
}
