package dev.mcp.ambassador.downstream;

import static dev.mcp.ambassador.downstream.ModernDownstreamClients.slug;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.ModernTestServer;
import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestEventStream;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * A downstream that speaks MCP 2026-07-28 only ({@code src/test/peers/servers/modern-server.mjs},
 * built with the TypeScript SDK v2), reached through the ambassador by a 2025-11-25 client (the v1
 * SDK) and by a 2026-07-28 client (the v2 SDK): see {@code src/test/peers/clients/modern-downstream.mjs}.
 * Also the catalog's {@code protocol} field, and the pipeline in front of such a server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModernDownstreamEndToEndTests extends SharedServerTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private ModernTestServer server;
    private ModernDownstreamClients clients;
    private TestHttp http;
    private TestAdmin admin;
    private TestMcp mcp;

    @BeforeAll
    void start() {
        server = ModernTestServer.start();
        clients = new ModernDownstreamClients(port, DATA_DIR, "modern-downstream");
        http = clients.http();
        admin = clients.admin();
        mcp = clients.mcp();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void clientsOfBothErasWhenTheServerSpeaks20260728OnlyThenListCallProgressInputAndCancelReachIt() throws Exception {
        String slug = slug("modern");
        UUID user = admin.createUser(slug);
        JsonNode created = publish(slug, null);
        assertThat(created.get("protocol").asString()).isEqualTo("auto");
        clients.grant(user, slug, List.of());

        assertThat(clients.checksPassedBy("modern-downstream.mjs", slug, user))
                .contains(
                        "legacy-tools-list",
                        "legacy-echo",
                        "legacy-progress",
                        "legacy-elicitation",
                        "legacy-sampling",
                        "legacy-resource",
                        "legacy-prompt",
                        "legacy-cancel-reaches-the-server",
                        "modern-era",
                        "modern-tools-list",
                        "modern-echo",
                        "modern-progress",
                        "modern-elicitation-through-rounds");
    }

    @Test
    void listeningWhenTheServerChangesItsToolsOrUpdatesAResourceThenClientsOfBothErasHearIt() throws Exception {
        String slug = slug("listen");
        UUID user = admin.createUser(slug);
        publish(slug, "2026-07-28");
        clients.grant(user, slug, List.of());

        assertThat(clients.checksPassedBy("modern-listen-downstream.mjs", slug, user))
                .contains(
                        "legacy-subscribe",
                        "legacy-resource-updated",
                        "legacy-tools-list-changed",
                        "legacy-unsubscribe",
                        "modern-listen-acknowledged",
                        "modern-resource-updated",
                        "modern-tools-list-changed");
    }

    @Test
    void listeningWhenTheServerRestartsThenTheStreamIsOpenedAgainAndItsListChangesStillReachTheClient() {
        String slug = slug("restart");
        UUID user = admin.createUser(slug);
        ModernTestServer first = ModernTestServer.start();
        int serverPort = first.port();
        admin.create(
                "/v1/admin/servers",
                Map.of(
                        "slug", slug,
                        "transport", "http",
                        "url", first.url(),
                        "status", "published",
                        "protocol", "2026-07-28"));
        clients.grant(user, slug, List.of());
        String token = clients.token(user);
        String session = mcp.initialize(token);
        HttpClient client = http.clientBuilder().build();
        try (TestEventStream stream = TestEventStream.open(
                client, TestEventStream.mcpRequest(http, token, session).GET().build())) {
            assertThat(clients.call(token, session, slug + "__echo", Map.of("message", "before"))
                            .at("/result/content/0/text")
                            .asString())
                    .isEqualTo("Echo: before");
            first.awaitListenRequest(WAIT);

            first.close();
            try (ModernTestServer second = ModernTestServer.start(serverPort)) {
                // Opened again by the ambassador alone, after its wait: no call reaches the server first.
                second.awaitListenRequest(Duration.ofSeconds(40));
                clients.call(token, session, slug + "__add-tool", Map.of("name", "after-restart"));

                assertThat(nextMethods(stream, 5)).contains("notifications/tools/list_changed");
            }
        }
    }

    @Test
    void protocolWhenPinnedTo20251125ThenTheModernOnlyServerIsNotInitializedAndTheCallFails()
            throws InterruptedException {
        String slug = slug("pinned");
        UUID user = admin.createUser(slug);
        publish(slug, "2025-11-25");
        clients.grant(user, slug, List.of());
        String token = clients.token(user);
        String session = mcp.initialize(token);

        JsonNode answer = clients.call(token, session, slug + "__echo", Map.of("message", "hello"));

        assertThat(answer.at("/error/code").asInt()).as(answer.toString()).isEqualTo(-32001);
        assertThat(answer.at("/error/message").asString()).contains(slug);

        JsonNode patched = admin.call("PATCH", "/v1/admin/servers/" + slug, Map.of("protocol", "2026-07-28"))
                .json();
        assertThat(patched.get("protocol").asString()).isEqualTo("2026-07-28");
        // The change clears the wait the failed starts earned: the next call starts afresh.
        JsonNode after = clients.call(token, session, slug + "__echo", Map.of("message", "hello"));
        assertThat(after.at("/result/content/0/text").asString())
                .as(after.toString())
                .isEqualTo("Echo: hello");
        // A 2025-11-25 client gets a 2025-11-25 result: nothing only the modern era has.
        assertThat(after.get("result").has("resultType")).isFalse();
        assertThat(after.at("/result/_meta").isMissingNode()).isTrue();
    }

    @Test
    void protocolWhenNotAKnownValueThenRefusedWith400NamingTheField() {
        Map<String, Object> body = entry(slug("bad"), "2024-01-01");
        TestHttp.Reply refused = admin.call("POST", "/v1/admin/servers", body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("protocol");

        String slug = slug("patched");
        publish(slug, null);
        TestHttp.Reply badPatch = admin.call("PATCH", "/v1/admin/servers/" + slug, Map.of("protocol", "modern"));
        assertThat(badPatch.status()).isEqualTo(400);
        assertThat(badPatch.body()).contains("protocol");
        assertThat(admin.call("GET", "/v1/admin/servers/" + slug, null)
                        .json()
                        .get("protocol")
                        .asString())
                .isEqualTo("auto");
    }

    @Test
    void pipelineWhenRbacDeniesOrTheKillSwitchIsOnThenTheModernServerIsNotCalledAndItIsAudited() {
        String slug = slug("guarded");
        UUID user = admin.createUser(slug);
        publish(slug, "2026-07-28");
        clients.grant(user, slug, List.of("confirm-action"));
        String token = clients.token(user);
        String session = mcp.initialize(token);
        assertThat(clients.call(token, session, slug + "__echo", Map.of("message", "allowed"))
                        .at("/result/content/0/text")
                        .asString())
                .isEqualTo("Echo: allowed");

        JsonNode denied = clients.call(token, session, slug + "__confirm-action", Map.of("action", "deploy"));
        assertThat(denied.at("/error/data/refused_by").asString())
                .as(denied.toString())
                .isEqualTo("rbac");

        String killSwitch = admin.create(
                        "/v1/admin/kill-switches", Map.of("scope", "server", "target", slug, "reason", "modern test"))
                .get("id")
                .asString();
        try {
            JsonNode stopped = clients.call(token, session, slug + "__echo", Map.of("message", "stopped"));
            assertThat(stopped.at("/error/data/refused_by").asString())
                    .as(stopped.toString())
                    .isEqualTo("kill_switch");
        } finally {
            admin.call("DELETE", "/v1/admin/kill-switches/" + killSwitch, null);
        }

        JsonNode audited = admin.call("GET", "/v1/audit/events?server=" + slug + "&type=mcp.request", null)
                .json()
                .get("events");
        assertThat(audited.valueStream().map(event -> event.path("decision").asString()))
                .contains("allowed", "denied");
    }

    @Test
    void inputRequiredWhenAModernClientCallsAModernServerThenItSeesTheAmbassadorsSignedStateNeverTheServers() {
        String slug = slug("rounds");
        UUID user = admin.createUser(slug);
        publish(slug, "2026-07-28");
        clients.grant(user, slug, List.of());
        String token = clients.token(user);
        String tool = slug + "__confirm-action";
        Map<String, Object> arguments = Map.of("action", "deploy");

        JsonNode asked = clients.modernCall(token, 1, tool, arguments, Map.of());
        assertThat(asked.at("/result/resultType").asString())
                .as(asked.toString())
                .isEqualTo("input_required");
        JsonNode question =
                asked.at("/result/inputRequests").valueStream().findFirst().orElseThrow();
        assertThat(question.get("method").asString()).isEqualTo("elicitation/create");
        assertThat(question.at("/params/message").asString()).isEqualTo("Confirm deploy?");
        String state = asked.at("/result/requestState").asString();
        // The server's own state (confirm-round:deploy) stays with the ambassador.
        assertThat(state).doesNotContain("confirm-round");
        String key =
                asked.at("/result/inputRequests").propertyNames().iterator().next();
        Map<String, Object> input =
                Map.of(key, Map.of("action", "accept", "content", Map.of("confirm", true, "reason", "fine")));

        JsonNode forged = clients.modernCall(
                token, 2, tool, arguments, Map.of("inputResponses", input, "requestState", "confirm-round:deploy"));
        assertThat(forged.at("/error/code").asInt()).as(forged.toString()).isEqualTo(-32602);

        JsonNode done =
                clients.modernCall(token, 3, tool, arguments, Map.of("inputResponses", input, "requestState", state));
        assertThat(done.at("/result/content/0/text").asString())
                .as(done.toString())
                .isEqualTo("Confirmed deploy: fine");
        assertThat(done.at("/result/resultType").asString()).isEqualTo("complete");
    }

    /** The methods of the messages on {@code stream}, up to the first tools/list_changed or {@code max}. */
    private static List<String> nextMethods(TestEventStream stream, int max) {
        List<String> methods = new ArrayList<>();
        while (methods.size() < max && !methods.contains("notifications/tools/list_changed")) {
            methods.add(stream.nextMessage(WAIT).path("method").asString(""));
        }
        return methods;
    }

    private Map<String, Object> entry(String slug, String protocol) {
        Map<String, Object> body =
                new HashMap<>(Map.of("slug", slug, "transport", "http", "url", server.url(), "status", "published"));
        if (protocol != null) {
            body.put("protocol", protocol);
        }
        return body;
    }

    private JsonNode publish(String slug, String protocol) {
        return admin.create("/v1/admin/servers", entry(slug, protocol));
    }
}
