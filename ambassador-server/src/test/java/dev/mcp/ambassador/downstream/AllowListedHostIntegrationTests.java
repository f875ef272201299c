package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.DirectHttpServer;
import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * A host name in the allow-list is trusted whatever it resolves to, but it is still resolved at
 * every check: where a connection went is in the log, and a name that does not resolve is refused.
 * The test server allow-lists {@code localhost} and {@code gone.invalid} by name.
 */
@ExtendWith(OutputCaptureExtension.class)
class AllowListedHostIntegrationTests extends SharedServerTests {

    @Test
    void discoverWhenTheHostIsAllowListedByNameThenWhereItResolvedAndWhatWasConnectedToAreLogged(
            CapturedOutput output) {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));
        String slug = "named-" + UUID.randomUUID().toString().substring(0, 8);
        try (DirectHttpServer remote = DirectHttpServer.start()) {
            admin.create(
                    "/v1/admin/servers",
                    Map.of(
                            "slug",
                            slug,
                            "transport",
                            "http",
                            "url",
                            remote.url().replace("127.0.0.1", "localhost"),
                            "status",
                            "published"));

            TestHttp.Reply tools = admin.call("POST", "/v1/admin/servers/" + slug + "/discover", null);

            assertThat(tools.status()).as(tools.body()).isEqualTo(200);
            assertThat(tools.json().get("tools")).isNotEmpty();
        }
        assertThat(output.getAll())
                .containsPattern("Allow-listed downstream host localhost resolves to \\[[0-9a-f.:, ]+\\];"
                        + " connecting to (127\\.0\\.0\\.1|0:0:0:0:0:0:0:1)");
    }

    @Test
    void createServerWhenAnAllowListedHostDoesNotResolveThenRefusedOnUrl() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));

        TestHttp.Reply reply = admin.call(
                "POST",
                "/v1/admin/servers",
                Map.of("slug", "gone", "transport", "http", "url", "https://gone.invalid/mcp"));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        JsonNode error = reply.json().at("/errors/0");
        assertThat(error.get("field").asString()).isEqualTo("url");
        assertThat(error.get("message").asString()).isEqualTo("host gone.invalid does not resolve");
    }
}
