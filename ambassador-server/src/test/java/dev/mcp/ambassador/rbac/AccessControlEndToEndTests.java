package dev.mcp.ambassador.rbac;

import static dev.mcp.ambassador.support.TestEventStream.mcpRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestEventStream;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * RBAC over tools, prompts and resources on a real server-everything: what a grant denies is
 * absent from the lists and refused on use, by the same rules; and lifting the deny makes it
 * appear once clients are told the lists changed.
 */
class AccessControlEndToEndTests extends SharedServerTests {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DOCUMENT = "demo://resource/static/document/architecture.md";

    private TestHttp http;
    private TestMcp mcp;
    private TestAdmin admin;
    private UUID user;
    private String slug;
    private String token;
    private int ids = 10;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port, DATA_DIR);
        mcp = new TestMcp(http);
        admin = TestAdmin.signIn(http);
        user = admin.createUser("rbac-" + UUID.randomUUID().toString().substring(0, 8));
        slug = "rbac-" + UUID.randomUUID().toString().substring(0, 8);
        admin.create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "stdio",
                        "command",
                        List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"),
                        "status",
                        "published"));
        token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "rbac"))
                .json()
                .get("session_token")
                .asString();
    }

    @Test
    void useWhenGrantAllowsEchoAndDeniesEverythingElseThenNoPromptOrResourceIsListedOrServed() {
        grant(Map.of("allow", List.of("echo"), "deny", List.of("*")));
        String session = mcp.initialize(token);

        assertThat(names(list(session, "tools/list", "tools"), "name")).isEmpty();
        assertThat(list(session, "prompts/list", "prompts")).isEmpty();
        assertThat(list(session, "resources/list", "resources")).isEmpty();
        assertRefusedByRbac(call(session, "tools/call", Map.of("name", slug + "__echo", "arguments", Map.of())));
        assertRefusedByRbac(call(session, "prompts/get", Map.of("name", slug + "__simple-prompt")));
        assertRefusedByRbac(call(session, "resources/read", Map.of("uri", clientUri(DOCUMENT))));
    }

    @Test
    void useWhenToolPromptAndResourceAreDeniedThenTheyAreAbsentAndRefusedAndAppearWhenTheDenyIsLifted() {
        String denying = grant(Map.of(
                        "allow", List.of("*"),
                        "deny", List.of("echo"),
                        "prompt_allow", List.of("*"),
                        "prompt_deny", List.of("simple-prompt"),
                        "resource_allow", List.of("demo://resource/static/*"),
                        "resource_deny", List.of(DOCUMENT)))
                .get("id")
                .asString();
        String session = mcp.initialize(token);

        assertThat(names(list(session, "tools/list", "tools"), "name"))
                .contains(slug + "__get-sum")
                .doesNotContain(slug + "__echo");
        assertThat(names(list(session, "prompts/list", "prompts"), "name"))
                .contains(slug + "__args-prompt")
                .doesNotContain(slug + "__simple-prompt");
        List<String> resources = names(list(session, "resources/list", "resources"), "uri");
        assertThat(resources)
                .isNotEmpty()
                .allSatisfy(uri -> assertThat(uri).startsWith(clientUri("demo://resource/static/")))
                .doesNotContain(clientUri(DOCUMENT));
        assertRefusedByRbac(
                call(session, "tools/call", Map.of("name", slug + "__echo", "arguments", Map.of("message", "x"))));
        assertRefusedByRbac(call(session, "prompts/get", Map.of("name", slug + "__simple-prompt")));
        assertRefusedByRbac(call(session, "resources/read", Map.of("uri", clientUri(DOCUMENT))));
        assertThat(call(session, "resources/read", Map.of("uri", resources.getFirst()))
                        .at("/result/contents/0/uri")
                        .asString())
                .isEqualTo(resources.getFirst());

        try (TestEventStream stream = TestEventStream.open(
                http.clientBuilder().build(),
                mcpRequest(http, token, session).GET().build())) {
            assertThat(stream.next(WAIT).orElseThrow().priming()).isTrue();
            assertThat(admin.call("DELETE", "/v1/admin/grants/" + denying, null).status())
                    .isEqualTo(204);
            grant(Map.of("allow", List.of("*"), "prompt_allow", List.of("*"), "resource_allow", List.of("*")));
            List<String> told = new ArrayList<>();
            while (!told.containsAll(List.of(
                    "notifications/tools/list_changed",
                    "notifications/prompts/list_changed",
                    "notifications/resources/list_changed"))) {
                told.add(stream.nextMessage(WAIT).path("method").asString());
            }
        }

        assertThat(names(list(session, "tools/list", "tools"), "name")).contains(slug + "__echo");
        assertThat(names(list(session, "prompts/list", "prompts"), "name")).contains(slug + "__simple-prompt");
        assertThat(names(list(session, "resources/list", "resources"), "uri")).contains(clientUri(DOCUMENT));
        assertThat(call(session, "tools/call", Map.of("name", slug + "__echo", "arguments", Map.of("message", "back")))
                        .at("/result/content/0/text")
                        .asString())
                .isEqualTo("Echo: back");
        assertThat(call(session, "prompts/get", Map.of("name", slug + "__simple-prompt"))
                        .at("/result/messages")
                        .isArray())
                .isTrue();
        assertThat(call(session, "resources/read", Map.of("uri", clientUri(DOCUMENT)))
                        .at("/result/contents/0/uri")
                        .asString())
                .isEqualTo(clientUri(DOCUMENT));
    }

    @Test
    void useWhenTheKeyIsScopedToOneToolThenPromptsAndResourcesOutsideTheScopeAreRefused() {
        grant(Map.of("allow", List.of("*"), "prompt_allow", List.of("*"), "resource_allow", List.of("*")));
        String scopedToken = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of(
                                "preshared_key",
                                admin.create(
                                                "/v1/admin/preshared-keys",
                                                Map.of(
                                                        "user_id",
                                                        user,
                                                        "name",
                                                        "ci",
                                                        "scopes",
                                                        List.of(Map.of("server", slug, "allow", List.of("echo")))))
                                        .get("preshared_key")
                                        .asString(),
                                "client_name",
                                "scoped"))
                .json()
                .get("session_token")
                .asString();
        String session = mcp.initialize(scopedToken);

        JsonNode prompt = mcp.post(
                        scopedToken, session, message("prompts/get", Map.of("name", slug + "__simple-prompt")))
                .json();

        assertRefusedByRbac(prompt);
        assertThat(names(listWith(scopedToken, session, "tools/list", "tools"), "name"))
                .containsExactly(slug + "__echo");
    }

    private JsonNode grant(Map<String, Object> rules) {
        Map<String, Object> body = new HashMap<>(rules);
        body.put("user_id", user);
        body.put("server", slug);
        return admin.create("/v1/admin/grants", body);
    }

    private static void assertRefusedByRbac(JsonNode reply) {
        assertThat(reply.at("/error/code").asInt()).as(reply.toString()).isEqualTo(-32001);
        assertThat(reply.at("/error/data/refused_by").asString()).isEqualTo("rbac");
        assertThat(reply.at("/error/message").asString()).contains("Ask an administrator");
    }

    private String clientUri(String uri) {
        return "mcp-ambassador://" + slug + "/" + uri;
    }

    private JsonNode call(String session, String method, Map<String, Object> params) {
        return mcp.post(token, session, message(method, params)).json();
    }

    private List<JsonNode> list(String session, String method, String field) {
        return listWith(token, session, method, field);
    }

    private List<JsonNode> listWith(String bearer, String session, String method, String field) {
        List<JsonNode> items = new ArrayList<>();
        Map<String, Object> params = Map.of();
        do {
            JsonNode reply = mcp.post(bearer, session, message(method, params)).json();
            assertThat(reply.has("result")).as(reply.toString()).isTrue();
            reply.at("/result/" + field).forEach(items::add);
            JsonNode next = reply.at("/result/nextCursor");
            params = next.isString() ? Map.of("cursor", next.asString()) : null;
        } while (params != null);
        return items;
    }

    private static List<String> names(List<JsonNode> items, String field) {
        return items.stream().map(item -> item.path(field).asString()).toList();
    }

    private Map<String, Object> message(String method, Map<String, Object> params) {
        return Map.of("jsonrpc", "2.0", "id", ids++, "method", method, "params", params);
    }
}
