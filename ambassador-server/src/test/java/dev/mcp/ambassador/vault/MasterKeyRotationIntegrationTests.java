package dev.mcp.ambassador.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.AmbassadorApplication;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Master-key rotation through the admin API on a real server and PostgreSQL: every credential, a
 * user's own and a catalog entry's, stays readable, is sealed again under the new key, and a
 * rotation the server did not finish (it stopped after writing the new key) is finished by the
 * next call after a restart.
 */
class MasterKeyRotationIntegrationTests {

    private final Path dataDir = TestServerSettings.newDataDirectory();
    private final String userCanary = "rotate-user-" + UUID.randomUUID();
    private final String serverCanary = "rotate-server-" + UUID.randomUUID();

    @Test
    void rotateWhenInterruptedThenRestartedThenEveryCredentialStaysReadableUnderTheNewKey() throws Exception {
        String apiKey;
        UUID serverId;
        UUID userId;
        byte[] newKey;
        try (ConfigurableApplicationContext first = start()) {
            TestAdmin admin = TestAdmin.signIn(new TestHttp(port(first), dataDir));
            apiKey = admin.apiKey();
            userId = admin.createUser("rotate-" + UUID.randomUUID().toString().substring(0, 8));
            serverId = UUID.fromString(admin.create(
                            "/v1/admin/servers",
                            Map.of(
                                    "slug",
                                    "rotate-" + UUID.randomUUID().toString().substring(0, 8),
                                    "transport",
                                    "stdio",
                                    "command",
                                    List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"),
                                    "isolation",
                                    "per_user",
                                    "env",
                                    Map.of("SERVICE_TOKEN", serverCanary)))
                    .get("id")
                    .asString());
            first.getBean(CredentialVault.class).put(serverId, userId, Map.of("api", userCanary.toCharArray()));
            byte[] oldKey = Files.readAllBytes(dataDir.resolve(MasterKey.FILE));

            // The server stops right after writing the new key, before sealing anything again.
            newKey = first.getBean(MasterKey.class).rotate();
            assertThat(newKey).isNotEqualTo(oldKey);
            assertThat(Files.readAllBytes(dataDir.resolve(MasterKey.PREVIOUS_FILE)))
                    .isEqualTo(oldKey);
        }

        try (ConfigurableApplicationContext second = start()) {
            assertReadable(second, serverId, userId);
            TestHttp http = new TestHttp(port(second), dataDir);
            JsonNode resumed = rotate(http, apiKey);
            assertThat(resumed.get("resealed").asInt()).isEqualTo(2);
            assertThat(resumed.get("complete").asBoolean()).isTrue();
            assertThat(Files.readAllBytes(dataDir.resolve(MasterKey.FILE)))
                    .as("the interrupted rotation is finished with its own new key")
                    .isEqualTo(newKey);
            assertThat(dataDir.resolve(MasterKey.PREVIOUS_FILE)).doesNotExist();
            assertAllSealedUnder(second, resumed.get("key_id").asString());
            assertReadable(second, serverId, userId);

            JsonNode again = rotate(http, apiKey);
            assertThat(again.get("resealed").asInt()).isEqualTo(2);
            assertThat(again.get("key_id").asString())
                    .isNotEqualTo(resumed.get("key_id").asString());
            assertAllSealedUnder(second, again.get("key_id").asString());
            assertReadable(second, serverId, userId);
            assertThat(second.getBean(JdbcClient.class)
                            .sql("select subject from audit_events where type = 'config.vault.master_key_rotated'"
                                    + " order by id")
                            .query(String.class)
                            .list())
                    .as("each completed rotation is in the audit trail, by key id")
                    .containsExactly(
                            resumed.get("key_id").asString(),
                            again.get("key_id").asString());
        }

        try (ConfigurableApplicationContext third = start()) {
            assertReadable(third, serverId, userId);
        }
    }

    private void assertReadable(ConfigurableApplicationContext context, UUID serverId, UUID userId) {
        CredentialVault vault = context.getBean(CredentialVault.class);
        assertThat(vault.open(serverId, userId)).containsEntry("api", userCanary);
        assertThat(vault.open(serverId, null)).containsEntry("env:SERVICE_TOKEN", serverCanary);
    }

    private static void assertAllSealedUnder(ConfigurableApplicationContext context, String keyId) {
        List<byte[]> sealed = context.getBean(JdbcClient.class)
                .sql("select sealed from credentials")
                .query(byte[].class)
                .list();
        assertThat(sealed).hasSize(2).allSatisfy(value -> assertThat(
                        HexFormat.of().formatHex(value, 1, 1 + VaultCipher.KEY_ID_LENGTH))
                .isEqualTo(keyId));
    }

    private static JsonNode rotate(TestHttp http, String apiKey) {
        TestHttp.Reply reply =
                http.send("POST", "/v1/admin/vault/rotate-master-key", null, "Authorization", "Bearer " + apiKey);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private ConfigurableApplicationContext start() {
        String[] args = TestServerSettings.properties(dataDir).entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(AmbassadorApplication.class).run(args);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
