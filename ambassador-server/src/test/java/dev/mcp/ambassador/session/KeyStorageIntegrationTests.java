package dev.mcp.ambassador.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Keys and tokens handed out are never written anywhere in the clear: not the database, not the log. */
@ExtendWith(OutputCaptureExtension.class)
class KeyStorageIntegrationTests extends SharedServerTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void keysWhenIssuedAndUsedThenNeitherDatabaseNorLogHoldsThemInPlaintext(CapturedOutput output) {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        UUID user = admin.createUser("dev-" + UUID.randomUUID().toString().substring(0, 8));
        String presharedKey = admin.issuePresharedKey(user);
        TestHttp.Reply registration = http.send(
                "POST", "/v1/sessions/register", Map.of("preshared_key", presharedKey, "client_name", "scan"));
        String sessionToken = registration.json().get("session_token").asString();
        http.send("POST", "/v1/sessions/register", Map.of("preshared_key", presharedKey + "x", "client_name", "typo"));
        http.send("GET", "/v1/admin/users", null, "Authorization", "Bearer " + admin.apiKey() + "x");
        http.send("POST", "/v1/sessions/heartbeat", null, "Authorization", "Bearer " + sessionToken + "x");

        List<String> secrets = List.of(
                randomPart(presharedKey), randomPart(admin.apiKey()), sessionToken.substring("amb_st_".length()));
        String everyRow = String.join("\n", allRowsAsText());

        for (String secret : secrets) {
            assertThat(everyRow).as("the database").doesNotContain(secret);
            assertThat(output.getAll()).as("the log").doesNotContain(secret);
        }
        assertThat(everyRow).as("the scan saw the key rows").contains(presharedKey.substring(7, 15));
    }

    private List<String> allRowsAsText() {
        List<String> tables = jdbc.sql("select table_name from information_schema.tables"
                        + " where table_schema = 'public' and table_type = 'BASE TABLE'")
                .query(String.class)
                .list();
        return tables.stream()
                .flatMap(table ->
                        jdbc.sql("select t::text from \"" + table + "\" t").query(String.class).list().stream())
                .toList();
    }

    private static String randomPart(String key) {
        return key.substring("amb_xx_".length());
    }
}
