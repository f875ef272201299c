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
import org.junit.jupiter.api.Test;

/**
 * The TypeScript SDK v2 client pinned to 2026-07-28 listens through the ambassador with {@code
 * subscriptions/listen}: it hears of a resource it listens to being updated, under its ambassador
 * URI, and of a grant change as a tool list change. See {@code src/test/peers/clients/listen.mjs}.
 */
class ModernListenEndToEndTests extends SharedServerTests {

    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    @Test
    void listenWhenAResourceIsUpdatedAndAGrantChangesThenTheModernClientHearsBoth() throws Exception {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        String slug = "listen-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        admin.publishEverything(slug, user, List.of("*"), List.of(), "per_user");
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "listen"))
                .json()
                .get("session_token")
                .asString();
        NodeScript.assertInstalled();
        // Made on the script's reader thread, where a failed assertion would go unseen: checked below.
        List<Integer> grantChanges = Collections.synchronizedList(new ArrayList<>());
        try (NodeScript run = NodeScript.start(
                "clients/listen.mjs",
                List.of("--url", http.uri("/mcp").toString(), "--slug", slug),
                NodeScript.environment(token, DATA_DIR.resolve("tls/ca.pem")),
                line -> {
                    if (line.equals("LISTENING")) {
                        // Any change of access tells every listening client to list again.
                        grantChanges.add(admin.addEchoGrant(user, slug));
                    }
                })) {
            run.awaitEnd(RUN_LIMIT);
            assertThat(grantChanges).as(run.transcript()).containsExactly(201);
            assertThat(run.passedSummary().path("checks").propertyNames())
                    .as(run.transcript())
                    .contains("acknowledged", "resource-updated", "tools-list-changed", "closed");
        }
    }
}
