package dev.mcp.ambassador.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ApiDocumentationIntegrationTests extends SharedServerTests {

    @Test
    void apiDocsWhenAdminThenDescribesEveryEndpointWithItsRoleAndErrors() {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);

        TestHttp.Reply reply = admin.call("GET", "/v3/api-docs", null);

        assertThat(reply.status()).isEqualTo(200);
        JsonNode paths = reply.json().get("paths");
        assertThat(paths.propertyNames())
                .contains(
                        "/v1/sessions/register",
                        "/v1/sessions/heartbeat",
                        "/v1/auth/login",
                        "/v1/admin/users",
                        "/v1/admin/preshared-keys",
                        "/v1/admin/servers",
                        "/v1/admin/grants",
                        "/v1/admin/api-keys");
        JsonNode createUser = paths.get("/v1/admin/users").get("post");
        assertThat(createUser.get("x-required-role").asString()).isEqualTo("ADMIN");
        assertThat(createUser.get("responses").propertyNames()).contains("201", "400", "401", "403", "409");
        JsonNode register = paths.get("/v1/sessions/register").get("post");
        assertThat(register.get("x-required-role").asString()).isEqualTo("NONE");
        assertThat(register.get("responses").propertyNames()).contains("401", "429");
        assertThat(reply.body()).doesNotContain("amb_ak_" + admin.apiKey().substring(7));
    }

    @Test
    void apiDocsWhenNotSignedInOrNotAdminThenRefused() {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        String username = "docs-reader-" + System.nanoTime();
        String password = "Vermilion-otter-juggles-47-lanterns";
        admin.create("/v1/admin/users", Map.of("username", username, "password", password, "roles", List.of("USER")));
        TestHttp user = new TestHttp(port, DATA_DIR);
        assertThat(user.send("POST", "/v1/auth/login", Map.of("username", username, "password", password))
                        .status())
                .isEqualTo(200);

        assertThat(user.send("GET", "/v3/api-docs", null).status()).isEqualTo(403);
        assertThat(new TestHttp(port, DATA_DIR)
                        .send("GET", "/v3/api-docs", null)
                        .status())
                .isEqualTo(401);
    }
}
