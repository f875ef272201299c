package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.NodeScript;
import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real client libraries see through the ambassador what they see on the server directly: the TS
 * SDK's own Streamable HTTP client, and {@code mcp-remote} bridging a stdio client to it. For each,
 * {@code src/test/peers/clients/parity.mjs} compares every server-everything tool's definition and
 * result with a direct client's, watches progress arrive, answers sampling and elicitation, and
 * waits for the list change this test causes by adding a grant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientLibrariesEndToEndTests extends SharedServerTests {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    private TestHttp http;
    private TestAdmin admin;

    @BeforeAll
    void signIn() {
        NodeScript.assertInstalled();
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sdk", "mcp-remote"})
    void clientLibraryWhenBrokeredThenResultsNotificationsAndServerRequestsMatchTheDirectServer(String mode)
            throws InterruptedException {
        String slug = "clients-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        publishEverythingPerUser(slug, user);
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "clients-" + mode))
                .json()
                .get("session_token")
                .asString();

        List<Integer> grantChanges = Collections.synchronizedList(new ArrayList<>());
        NodeScript run = NodeScript.start(
                "clients/parity.mjs",
                arguments(mode, slug),
                NodeScript.clientEnvironment(token, DATA_DIR.resolve("tls/ca.pem")),
                line -> {
                    if (line.equals("READY_FOR_GRANT_CHANGE")) {
                        // A second grant for the same user: its tools change, so every live session hears of it.
                        grantChanges.add(admin.addEchoGrant(user, slug));
                    }
                });
        try {
            run.awaitEnd(RUN_LIMIT);

            assertThat(grantChanges).as(run.transcript()).containsExactly(201);
            assertThat(run.passedSummary().path("checks").propertyNames())
                    .as(run.transcript())
                    .contains(
                            "tools-list",
                            "every-tool-called",
                            "progress",
                            "sampling",
                            "elicitation",
                            "task simulate-research-query",
                            "tools-list-changed");
        } finally {
            run.close();
        }
    }

    // One process per user: only then are roots the client's (a shared process is told there are none).
    private void publishEverythingPerUser(String slug, UUID user) {
        admin.create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        slug,
                        "transport",
                        "stdio",
                        "command",
                        List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"),
                        "isolation",
                        "per_user",
                        "status",
                        "published"));
        admin.create(
                "/v1/admin/grants",
                Map.of(
                        "user_id",
                        user,
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

    private List<String> arguments(String mode, String slug) {
        return List.of(
                "--mode",
                mode,
                "--url",
                http.uri("/mcp").toString(),
                "--slug",
                slug,
                "--server-everything",
                TestAdmin.SERVER_EVERYTHING.toString(),
                // The command TestAdmin publishes, so the reference server runs on the same Node.
                "--downstream-node",
                "node");
    }
}
