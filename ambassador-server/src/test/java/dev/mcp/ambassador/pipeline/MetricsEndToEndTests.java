package dev.mcp.ambassador.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's metrics, scraped the way Prometheus would: an administrator sees each step's
 * counters and timers after a real call to server-everything; nobody else sees them, while the
 * health endpoint stays open to all.
 */
class MetricsEndToEndTests extends SharedServerTests {

    private TestHttp http;
    private TestAdmin admin;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
    }

    @Test
    void prometheusWhenAnAdminScrapesAfterACallThenShowsEachStepsDecisionsAndTimes() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser("metered-" + suffix);
        String slug = "metered-" + suffix;
        admin.publishEverything(slug, user, List.of("echo"), List.of());
        TestMcp mcp = new TestMcp(http);
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "metered"))
                .json()
                .get("session_token")
                .asString();
        String session = mcp.initialize(token);
        for (String tool : List.of("echo", "get-env")) {
            mcp.post(
                    token,
                    session,
                    Map.of(
                            "jsonrpc",
                            "2.0",
                            "id",
                            1,
                            "method",
                            "tools/call",
                            "params",
                            Map.of("name", slug + "__" + tool, "arguments", Map.of("message", "hi"))));
        }

        TestHttp.Reply scrape = admin.call("GET", "/actuator/prometheus", null);

        assertThat(scrape.status()).as(scrape.body()).isEqualTo(200);
        assertThat(scrape.body())
                .containsPattern("ambassador_pipeline_steps_total\\{[^}]*decision=\"allowed\"[^}]*stage=\"rbac\"")
                .containsPattern("ambassador_pipeline_steps_total\\{[^}]*decision=\"refused\"[^}]*stage=\"rbac\"")
                .containsPattern("ambassador_pipeline_steps_total\\{[^}]*decision=\"completed\"[^}]*stage=\"forward\"")
                .containsPattern("ambassador_pipeline_steps_total\\{[^}]*kind=\"tools/call\"")
                .containsPattern("ambassador_pipeline_step_duration_seconds_count\\{[^}]*stage=\"forward\"")
                .containsPattern("ambassador_pipeline_step_duration_seconds_count\\{[^}]*stage=\"audit\"")
                .contains("http_server_requests_seconds_count")
                // Observed per security filter, these cost every request and told nothing more.
                .doesNotContain("spring_security_");
    }

    @Test
    void prometheusWhenAnonymousThenUnauthorizedAndHealthStaysOpen() {
        TestHttp anonymous = new TestHttp(port, DATA_DIR);

        assertThat(anonymous.send("GET", "/actuator/prometheus", null).status()).isEqualTo(401);
        assertThat(anonymous.send("GET", "/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void prometheusWhenAUserWithoutTheAdminRoleAsksThenForbidden() {
        String username = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "Amber-walrus-" + UUID.randomUUID().toString().substring(0, 8) + "-ferries";
        admin.create("/v1/admin/users", Map.of("username", username, "password", password, "roles", List.of("USER")));
        TestHttp asUser = new TestHttp(port, DATA_DIR);
        TestHttp.Reply login =
                asUser.send("POST", "/v1/auth/login", Map.of("username", username, "password", password));
        assertThat(login.status()).as(login.body()).isEqualTo(200);

        TestHttp.Reply scrape = asUser.send("GET", "/actuator/prometheus", null);

        assertThat(scrape.status()).isEqualTo(403);
        assertThat(scrape.body()).doesNotContain("ambassador_pipeline");
    }
}
