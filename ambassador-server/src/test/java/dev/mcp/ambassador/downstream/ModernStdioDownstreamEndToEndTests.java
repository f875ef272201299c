package dev.mcp.ambassador.downstream;

import static dev.mcp.ambassador.downstream.ModernDownstreamClients.slug;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
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

    private ModernDownstreamClients clients;
    private TestAdmin admin;
    private TestMcp mcp;

    @BeforeAll
    void start() {
        clients = new ModernDownstreamClients(port, DATA_DIR, "modern-stdio");
        admin = clients.admin();
        mcp = clients.mcp();
    }

    @Test
    void clientsOfBothErasWhenAStdioServerSpeaks20260728OnlyThenListCallProgressInputAndCancelReachIt()
            throws Exception {
        String slug = slug("stdio-modern");
        UUID user = admin.createUser(slug);
        JsonNode created = publish(slug, List.of("node", MODERN_SERVER, "--stdio"), null);
        assertThat(created.get("protocol").asString()).isEqualTo("auto");
        clients.grant(user, slug, List.of());

        assertThat(clients.checksPassedBy("modern-downstream.mjs", slug, user))
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
    void protocolWhenAStdioEntryIsPinnedTo20260728ThenItIsAcceptedAndAServerThatDoesNotOfferItIsRefused() {
        String slug = slug("stdio-pinned");
        UUID user = admin.createUser(slug);
        JsonNode created = publish(slug, List.of("node", MODERN_SERVER, "--stdio"), "2026-07-28");
        assertThat(created.get("protocol").asString()).isEqualTo("2026-07-28");
        clients.grant(user, slug, List.of());
        String everything = slug("stdio-legacy");
        publish(everything, List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"), "2026-07-28");
        clients.grant(user, everything, List.of());
        String token = clients.token(user);
        String session = mcp.initialize(token);

        JsonNode echoed = clients.call(token, session, slug + "__echo", Map.of("message", "over stdio"));
        assertThat(echoed.at("/result/content/0/text").asString())
                .as(echoed.toString())
                .isEqualTo("Echo: over stdio");
        // A 2025-11-25 client gets a 2025-11-25 result: nothing only the modern era has.
        assertThat(echoed.get("result").has("resultType")).isFalse();

        JsonNode refused = clients.call(token, session, everything + "__echo", Map.of("message", "hello"));
        assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(-32001);
        assertThat(refused.at("/error/message").asString()).contains(everything, "2026-07-28", "auto");
    }

    @Test
    void protocolWhenAutoAndTheStdioServerAnswersDiscoverWithAnErrorThenItIsInitializedAt20251125() {
        String slug = slug("stdio-auto");
        UUID user = admin.createUser(slug);
        publish(slug, List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"), "auto");
        clients.grant(user, slug, List.of());
        String token = clients.token(user);
        String session = mcp.initialize(token);

        JsonNode echoed = clients.call(token, session, slug + "__echo", Map.of("message", "legacy"));

        assertThat(echoed.at("/result/content/0/text").asString())
                .as(echoed.toString())
                .isEqualTo("Echo: legacy");
    }

    private JsonNode publish(String slug, List<String> command, String protocol) {
        Map<String, Object> body =
                new HashMap<>(Map.of("slug", slug, "transport", "stdio", "command", command, "status", "published"));
        if (protocol != null) {
            body.put("protocol", protocol);
        }
        return admin.create("/v1/admin/servers", body);
    }
}
