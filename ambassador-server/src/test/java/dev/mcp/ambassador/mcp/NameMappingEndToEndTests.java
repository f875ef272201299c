package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code name_mapping} per catalog entry, with server-everything: {@code never} passes names and
 * URIs unchanged (and reaches a URI the server did not list), a collision of two {@code never}
 * servers is refused at publishing, and {@code when_ambiguous} prefixes only what collides.
 */
class NameMappingEndToEndTests extends SharedServerTests {

    private TestHttp http;
    private TestAdmin admin;
    private UUID user;
    private String token;
    private String session;
    private final List<String> published = new ArrayList<>();
    private int ids = 10;

    @BeforeEach
    void register() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
        user = admin.createUser("names-" + UUID.randomUUID().toString().substring(0, 8));
        token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "names"))
                .json()
                .get("session_token")
                .asString();
    }

    @AfterEach
    void unpublish() {
        // Every never server here offers the same names: none may outlive its test.
        published.forEach(slug -> admin.call("DELETE", "/v1/admin/servers/" + slug, null));
    }

    @Test
    void neverWhenPublishedThenNamesAndUrisPassUnchangedAndAnUnlistedUriCanBeSubscribed() {
        String slug = publish("never", user).path("slug").asString();
        session = new TestMcp(http).initialize(token);

        JsonNode tools = rpc("tools/list", Map.of()).get("result");
        JsonNode call = rpc("tools/call", Map.of("name", "echo", "arguments", Map.of("message", "unmapped")));
        JsonNode resources = rpc("resources/list", Map.of()).get("result");
        String uri = "demo://resource/static/document/architecture.md";
        JsonNode read = rpc("resources/read", Map.of("uri", uri));
        JsonNode prompt = rpc("prompts/get", Map.of("name", "simple-prompt"));
        JsonNode watched = rpc("resources/subscribe", Map.of("uri", "test://watched-resource"));

        assertThat(tools.get("tools").valueStream().map(tool -> tool.get("name").asString()))
                .contains("echo", "get-sum")
                .noneMatch(name -> name.startsWith(slug));
        assertThat(call.toString()).contains("Echo: unmapped");
        assertThat(resources.get("resources").valueStream().map(resource -> resource.get("uri")
                        .asString()))
                .contains(uri)
                .noneMatch(listed -> listed.startsWith(ResourceAndPromptRelay.URI_PREFIX));
        assertThat(read.at("/result/contents/0/uri").asString())
                .as(read.toString())
                .isEqualTo(uri);
        assertThat(prompt.has("result")).as(prompt.toString()).isTrue();
        assertThat(watched.has("result")).as(watched.toString()).isTrue();
    }

    @Test
    void neverWhenAnotherNeverServerOffersTheSameNamesThenPublishingIsRefusedAndTheEntryStaysADraft() {
        String first = publish("never", user).path("slug").asString();
        String second = "names-" + UUID.randomUUID().toString().substring(0, 8);
        published.add(second);

        TestHttp.Reply refused = admin.call("POST", "/v1/admin/servers", server(second, "never", "published"));
        TestHttp.Reply stored = admin.call("GET", "/v1/admin/servers/" + second, null);
        TestHttp.Reply asDraft = admin.call("POST", "/v1/admin/servers", server(second + "-d", "never", "draft"));
        published.add(second + "-d");
        TestHttp.Reply publishDraft =
                admin.call("PATCH", "/v1/admin/servers/" + second + "-d", Map.of("status", "published"));
        TestHttp.Reply invalid = admin.call(
                "POST",
                "/v1/admin/servers",
                server("names-" + UUID.randomUUID().toString().substring(0, 8), "sometimes", "draft"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body())
                .contains("'" + first + "'")
                .contains("name_mapping never")
                .contains("tool '");
        assertThat(stored.json().get("status").asString()).isEqualTo("draft");
        assertThat(asDraft.status()).as(asDraft.body()).isEqualTo(201);
        assertThat(publishDraft.status()).as(publishDraft.body()).isEqualTo(409);
        assertThat(admin.call("GET", "/v1/admin/servers/" + second + "-d", null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("draft");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("name_mapping");
    }

    @Test
    void whenAmbiguousWhenANeverServerOffersTheSameNamesThenOnlyTheAmbiguousOnesArePrefixed() {
        String plain = publish("never", user).path("slug").asString();
        String ambiguous = publish("when_ambiguous", user).path("slug").asString();
        String alone = publish("when_ambiguous", null).path("slug").asString();
        session = new TestMcp(http).initialize(token);

        List<String> names = rpc("tools/list", Map.of())
                .at("/result/tools")
                .valueStream()
                .map(tool -> tool.get("name").asString())
                .toList();
        JsonNode plainCall = rpc("tools/call", Map.of("name", "echo", "arguments", Map.of("message", "plain")));
        JsonNode prefixedCall =
                rpc("tools/call", Map.of("name", ambiguous + "__echo", "arguments", Map.of("message", "prefixed")));

        assertThat(names).contains("echo", ambiguous + "__echo").doesNotContain(plain + "__echo");
        assertThat(names.stream().filter("echo"::equals)).hasSize(1);
        assertThat(names).noneMatch(name -> name.startsWith(alone));
        assertThat(plainCall.toString()).contains("Echo: plain");
        assertThat(prefixedCall.toString()).contains("Echo: prefixed");
    }

    /** Publishes server-everything with {@code mapping}, granted to {@code grantee} unless null. */
    private JsonNode publish(String mapping, UUID grantee) {
        String slug = "names-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode created = admin.create("/v1/admin/servers", server(slug, mapping, "published"));
        published.add(slug);
        if (grantee != null) {
            admin.create(
                    "/v1/admin/grants",
                    Map.of(
                            "user_id",
                            grantee,
                            "server",
                            slug,
                            "allow",
                            List.of("*"),
                            "deny",
                            List.of(),
                            "prompt_allow",
                            List.of("*"),
                            "resource_allow",
                            List.of("*")));
        }
        return created;
    }

    private static Map<String, Object> server(String slug, String mapping, String status) {
        Map<String, Object> body = new HashMap<>();
        body.put("slug", slug);
        body.put("transport", "stdio");
        body.put("command", List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"));
        body.put("status", status);
        body.put("name_mapping", mapping);
        return body;
    }

    private JsonNode rpc(String method, Map<String, Object> params) {
        TestHttp.Reply reply = new TestMcp(http)
                .post(token, session, Map.of("jsonrpc", "2.0", "id", ids++, "method", method, "params", params));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }
}
