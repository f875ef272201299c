package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.NodeScript;
import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import dev.mcp.ambassador.support.TestServerSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * A stdio server that speaks MCP 2026-07-28 only ({@code src/test/peers/servers/modern-server.mjs
 * --stdio}, the TypeScript SDK v2's stdio entry), run in the real bubblewrap sandbox and reached
 * through the ambassador by a 2025-11-25 client (the v1 SDK) and a 2026-07-28 client (the v2 SDK),
 * with the same client script as the remote one: {@code src/test/peers/clients/modern-downstream.mjs}.
 * Also {@code protocol} on stdio entries, and server-everything (which answers {@code
 * server/discover} with {@code -32601}) still reached with {@code auto}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModernStdioDownstreamEndToEndTests extends SharedServerTests {

    private static final String MODERN_SERVER =
            TestServerSettings.PEERS.resolve("servers/modern-server.mjs").toString();

    private TestHttp http;
    private TestAdmin admin;
    private TestMcp mcp;

    @BeforeAll
    void start() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
        mcp = new TestMcp(http);
    }

    @Test
    void clientsOfBothErasWhenAStdioServerSpeaks20260728OnlyThenListCallProgressInputAndCancelReachIt()
            throws Exception {
        String slug = slug("stdio-modern");
        UUID user = admin.createUser(slug);
        JsonNode created = publish(slug, List.of("node", MODERN_SERVER, "--stdio"), null);
        assertThat(created.get("protocol").asString()).isEqualTo("auto");
        grant(user, slug);

        JsonNode summary = NodeScript.runClient("modern-downstream.mjs", http, DATA_DIR, slug, token(user));

        List<String> failed = summary.path("checks")
                .propertyStream()
                .filter(check -> !check.getValue().path("passed").asBoolean())
                .map(check -> check.getKey() + " " + check.getValue())
                .toList();
        assertThat(failed).isEmpty();
        assertThat(summary.path("checks").propertyNames())
                .contains(
                        "legacy-tools-list",
                        "legacy-progress",
                        "legacy-elicitation",
                        "legacy-sampling",
                        "legacy-resource",
                        "legacy-prompt",
                        "legacy-cancel-reaches-the-server",
                        "modern-era",
                        "modern-progress",
                        "modern-elicitation-through-rounds");
    }

    @Test
    void listeningWhenTheStdioServerChangesItsToolsOrUpdatesAResourceThenClientsOfBothErasHearIt() throws Exception {
        String slug = slug("stdio-listen");
        UUID user = admin.createUser(slug);
        publish(slug, List.of("node", MODERN_SERVER, "--stdio"), "2026-07-28");
        grant(user, slug);

        JsonNode summary = NodeScript.runClient("modern-listen-downstream.mjs", http, DATA_DIR, slug, token(user));

        List<String> failed = summary.path("checks")
                .propertyStream()
                .filter(check -> !check.getValue().path("passed").asBoolean())
                .map(check -> check.getKey() + " " + check.getValue())
                .toList();
        assertThat(failed).isEmpty();
        assertThat(summary.path("checks").propertyNames())
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
    void protocolWhenAStdioEntryIsPinnedTo20260728ThenItIsAcceptedAndAServerThatDoesNotOfferItIsRefused() {
        String slug = slug("stdio-pinned");
        UUID user = admin.createUser(slug);
        JsonNode created = publish(slug, List.of("node", MODERN_SERVER, "--stdio"), "2026-07-28");
        assertThat(created.get("protocol").asString()).isEqualTo("2026-07-28");
        grant(user, slug);
        String everything = slug("stdio-legacy");
        publish(everything, List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"), "2026-07-28");
        grant(user, everything);
        String token = token(user);
        String session = mcp.initialize(token);

        JsonNode echoed = call(token, session, slug + "__echo", Map.of("message", "over stdio"));
        assertThat(echoed.at("/result/content/0/text").asString())
                .as(echoed.toString())
                .isEqualTo("Echo: over stdio");
        // A 2025-11-25 client gets a 2025-11-25 result: nothing only the modern era has.
        assertThat(echoed.get("result").has("resultType")).isFalse();

        JsonNode refused = call(token, session, everything + "__echo", Map.of("message", "hello"));
        assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(-32001);
        assertThat(refused.at("/error/message").asString()).contains(everything, "2026-07-28", "auto");
    }

    @Test
    void protocolWhenAutoAndTheStdioServerAnswersDiscoverWithAnErrorThenItIsInitializedAt20251125() {
        String slug = slug("stdio-auto");
        UUID user = admin.createUser(slug);
        publish(slug, List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"), "auto");
        grant(user, slug);
        String token = token(user);
        String session = mcp.initialize(token);

        JsonNode echoed = call(token, session, slug + "__echo", Map.of("message", "legacy"));

        assertThat(echoed.at("/result/content/0/text").asString())
                .as(echoed.toString())
                .isEqualTo("Echo: legacy");
    }

    private JsonNode call(String token, String session, String tool, Map<String, Object> arguments) {
        return mcp.post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                7,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", tool, "arguments", arguments)))
                .json();
    }

    private static String slug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private JsonNode publish(String slug, List<String> command, String protocol) {
        Map<String, Object> body =
                new HashMap<>(Map.of("slug", slug, "transport", "stdio", "command", command, "status", "published"));
        if (protocol != null) {
            body.put("protocol", protocol);
        }
        return admin.create("/v1/admin/servers", body);
    }

    private void grant(UUID user, String slug) {
        admin.create(
                "/v1/admin/grants",
                Map.of(
                        "user_id",
                        user,
                        "server",
                        slug,
                        "allow",
                        List.of("*"),
                        "prompt_allow",
                        List.of("*"),
                        "resource_allow",
                        List.of("*")));
    }

    private String token(UUID user) {
        return http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "modern-stdio"))
                .json()
                .get("session_token")
                .asString();
    }
}
