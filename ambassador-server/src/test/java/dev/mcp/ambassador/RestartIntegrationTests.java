package dev.mcp.ambassador;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestServerSettings;
import dev.mcp.ambassador.tls.TlsMaterialStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Everything an operator set up is still there after the server stops and starts again. */
class RestartIntegrationTests {

    private final Path dataDir = TestServerSettings.newDataDirectory();

    @Test
    void restartWhenDataDirectoryKeptThenUsersKeysCatalogAndCaSurvive() {
        String fingerprint;
        String apiKey;
        String presharedKey;
        String username = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        String slug = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        try (ConfigurableApplicationContext first = start()) {
            fingerprint = first.getBean(TlsMaterialStore.class).identity().caFingerprintSha256();
            TestAdmin admin = TestAdmin.signIn(new TestHttp(port(first), dataDir));
            apiKey = admin.apiKey();
            UUID user = admin.createUser(username);
            presharedKey = admin.issuePresharedKey(user);
            admin.publishEverything(slug, user, List.of("echo"), List.of());
        }

        try (ConfigurableApplicationContext second = start()) {
            assertThat(second.getBean(TlsMaterialStore.class).identity().caFingerprintSha256())
                    .isEqualTo(fingerprint);
            TestHttp http = new TestHttp(port(second), dataDir);

            TestHttp.Reply users = http.send("GET", "/v1/admin/users", null, "Authorization", "Bearer " + apiKey);
            assertThat(users.status()).as("the API key still works").isEqualTo(200);
            assertThat(users.json().findValuesAsString("username")).contains(username);

            TestHttp.Reply server =
                    http.send("GET", "/v1/admin/servers/" + slug, null, "Authorization", "Bearer " + apiKey);
            assertThat(server.status()).isEqualTo(200);
            assertThat(server.json().get("status").asString()).isEqualTo("published");

            TestHttp.Reply registration = http.send(
                    "POST",
                    "/v1/sessions/register",
                    Map.of("preshared_key", presharedKey, "client_name", "after restart"));
            assertThat(registration.status())
                    .as("the preshared key still registers")
                    .isEqualTo(201);
            JsonNode body = registration.json();
            assertThat(body.get("ca_fingerprint_sha256").asString()).isEqualTo(fingerprint);
        }
    }

    private ConfigurableApplicationContext start() {
        // Command-line arguments, because default properties would lose to application.yaml.
        String[] args = TestServerSettings.properties(dataDir).entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(AmbassadorApplication.class).run(args);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
