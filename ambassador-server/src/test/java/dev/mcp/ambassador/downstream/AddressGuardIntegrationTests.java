package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** IPv6 forms that lead back into the local network are refused by the real admin API. */
class AddressGuardIntegrationTests extends SharedServerTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://[64:ff9b:1::a00:1]/mcp", // local-use NAT64 of 10.0.0.1
                "https://[::ffff:0:a9fe:a9fe]/mcp", // SIIT of 169.254.169.254
                "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/mcp" // Teredo of client 127.0.0.1
            })
    void createServerWhenUrlWrapsALocalAddressThenRefusedOnUrl(String url) {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));

        TestHttp.Reply reply =
                admin.call("POST", "/v1/admin/servers", Map.of("slug", "wrapped", "transport", "http", "url", url));

        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        JsonNode error = reply.json().at("/errors/0");
        assertThat(error.get("field").asString()).isEqualTo("url");
        assertThat(error.get("message").asString()).contains("resolves to");
    }
}
