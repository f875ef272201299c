package dev.mcp.ambassador.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Request bodies on {@code /v1/**}: capped before they are parsed, and every bad field named. */
class RequestBodyIntegrationTests extends SharedServerTests {

    private static final int CAP = 64 * 1024;

    @Test
    void loginWhenBodyIsLargerThanTheCapThenPayloadTooLargeBeforeParsing() {
        TestHttp http = new TestHttp(port, DATA_DIR);

        TestHttp.Reply reply = http.send("POST", "/v1/auth/login", loginBody(CAP + 1));

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void registerWhenBodyOfUnannouncedLengthIsLargerThanTheCapThenPayloadTooLarge() throws Exception {
        TestHttp http = new TestHttp(port, DATA_DIR);
        byte[] body = ("{\"preshared_key\":\"amb_pk_x\",\"client_name\":\"" + "n".repeat(CAP) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(http.uri("/v1/sessions/register"))
                .header("Content-Type", "application/json")
                // A stream of unknown length: no Content-Length to refuse up front.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> reply = http.clientBuilder().build().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(reply.statusCode()).isEqualTo(413);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void loginWhenBodyIsJustUnderTheCapThenParsedAsUsual() {
        TestHttp http = new TestHttp(port, DATA_DIR);

        TestHttp.Reply reply = http.send("POST", "/v1/auth/login", loginBody(CAP - 1024));

        assertThat(reply.status()).as("the password is too long, named as such").isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo("password");
    }

    @Test
    void createServerWhenBodyHasAnUnknownFieldThenTheProblemNamesIt() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));

        TestHttp.Reply reply = admin.call(
                "POST",
                "/v1/admin/servers",
                Map.of("slug", "unknown-field", "transport", "stdio", "command", List.of("node"), "colour", "blue"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        JsonNode error = reply.json().at("/errors/0");
        assertThat(error.get("field").asString()).isEqualTo("colour");
        assertThat(error.get("message").asString()).isNotBlank();
    }

    @Test
    void createUserWhenAFieldHasTheWrongTypeThenTheProblemNamesIt() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));

        TestHttp.Reply reply = admin.call(
                "POST", "/v1/admin/users", Map.of("username", "typed-field", "roles", "not-a-list-of-roles"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo("roles");
    }

    private static String loginBody(int size) {
        String prefix = "{\"username\":\"admin\",\"password\":\"";
        String suffix = "\"}";
        return prefix + "p".repeat(size - prefix.length() - suffix.length()) + suffix;
    }
}
