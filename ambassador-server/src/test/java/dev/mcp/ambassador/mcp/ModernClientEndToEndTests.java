package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.NodeScript;
import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The TypeScript SDK v2 client pinned to 2026-07-28 uses server-everything through the ambassador
 * and sees what a 2025-11-25 client sees through it, field for field, including the tools that ask
 * the client for sampling and elicitation mid-call, which reach the modern client as
 * {@code InputRequiredResult} rounds: see {@code src/test/peers/clients/modern.mjs}.
 */
class ModernClientEndToEndTests extends SharedServerTests {

    @Test
    void modernClientWhenPinnedTo20260728ThenToolsSamplingElicitationResourcesAndPromptsEqualALegacyClients()
            throws Exception {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        String slug = "modern-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        admin.publishEverything(slug, user, List.of("*"), List.of(), "per_user");
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "modern"))
                .json()
                .get("session_token")
                .asString();

        JsonNode summary = NodeScript.runClient("modern.mjs", http, DATA_DIR, slug, token);

        assertThat(summary.path("checks").propertyNames())
                .contains(
                        "modern-era",
                        "tools-list",
                        "call echo {\"message\":\"fidelity\"}",
                        "resources-read",
                        "prompts-get",
                        "call trigger-sampling-request {\"prompt\":\"Say hi\",\"maxTokens\":10}",
                        "call trigger-elicitation-request {}",
                        "asked-through-input-required-rounds");
        assertThat(summary.path("passed").asBoolean()).isTrue();
    }
}
