package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import dev.mcp.ambassador.support.TestServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a published server can reach from inside its sandbox, asked of the real
 * {@code @modelcontextprotocol/server-filesystem} rooted at {@code /}: the ambassador's secrets,
 * its working directory and its environment stay out of reach, while what the operator exposes is
 * served.
 */
class SandboxEndToEndTests extends SharedServerTests {

    private final AtomicInteger ids = new AtomicInteger(10);
    private TestHttp http;
    private TestAdmin admin;
    private String token;
    private String session;

    @BeforeEach
    void publishFilesystemRootedAtSlash() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
        UUID user = admin.createUser("files-" + UUID.randomUUID().toString().substring(0, 8));
        admin.call("DELETE", "/v1/admin/servers/files", null);
        admin.create(
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        "files",
                        "transport",
                        "stdio",
                        "command",
                        List.of("node", TestAdmin.SERVER_FILESYSTEM.toString(), "/"),
                        "status",
                        "published"));
        admin.create("/v1/admin/grants", Map.of("user_id", user, "server", "files", "allow", List.of("*")));
        TestHttp.Reply registration = http.send(
                "POST",
                "/v1/sessions/register",
                Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "sandbox test"));
        token = registration.json().get("session_token").asString();
        session = new TestMcp(http).initialize(token);
    }

    @Test
    void readWhenFileIsExposedByTheOperatorThenServed() {
        JsonNode result =
                call("files__read_text_file", Map.of("path", TestServerSettings.servedDirectory() + "/served.txt"));

        assertThat(result.path("isError").asBoolean(false))
                .as(result.toString())
                .isFalse();
        assertThat(result.at("/content/0/text").asString()).isEqualTo(TestServerSettings.SERVED_TEXT);
    }

    @Test
    void readWhenFileIsInTheDataDirectoryThenItDoesNotExistInside() throws Exception {
        Path secret = DATA_DIR.resolve("session_hmac_secret");
        assertThat(Files.exists(secret)).isTrue();

        assertRefused(call("files__read_text_file", Map.of("path", secret.toString())));
        assertRefused(call("files__list_directory", Map.of("path", DATA_DIR.toString())));
        assertRefused(call(
                "files__list_directory", Map.of("path", DATA_DIR.resolve("tls").toString())));
    }

    @Test
    void readWhenFileIsInTheServersWorkingDirectoryThenItDoesNotExistInside() {
        Path workingDirectory = Path.of("").toAbsolutePath();
        assertThat(Files.exists(workingDirectory.resolve("pom.xml"))).isTrue();

        assertRefused(call(
                "files__read_text_file",
                Map.of("path", workingDirectory.resolve("pom.xml").toString())));
        // Inside, the working directory is an empty directory holding only the way to what is exposed.
        assertThat(text(call("files__list_directory", Map.of("path", workingDirectory.toString()))))
                .doesNotContain("pom.xml");
    }

    @Test
    void readWhenFileIsTheAmbassadorsEnvironmentThenItIsNotVisible() {
        long pid = ProcessHandle.current().pid();

        assertRefused(call("files__read_text_file", Map.of("path", "/proc/" + pid + "/environ")));
        assertRefused(call("files__list_directory", Map.of("path", "/proc/" + pid)));
    }

    @Test
    void readWhenFileIsInAnotherHomeThenItDoesNotExistInside() throws Exception {
        Path home = Path.of(System.getProperty("user.home"));
        List<String> onTheHost;
        try (var entries = Files.list(home)) {
            onTheHost = entries.map(entry -> entry.getFileName().toString()).toList();
        }
        assertThat(onTheHost).isNotEmpty();

        String inside = text(call("files__list_directory", Map.of("path", home.toString())));

        assertThat(onTheHost).noneMatch(inside::contains);
    }

    @Test
    void callWhenTheServerInsideTheSandboxIsKilledThenTheNextCallStartsAFreshOne() throws Exception {
        String served = TestServerSettings.servedDirectory() + "/served.txt";
        text(call("files__read_text_file", Map.of("path", served)));
        JsonNode instances =
                admin.call("GET", "/v1/admin/servers/files/instances", null).json();
        assertThat(instances).hasSize(1);
        ProcessHandle sandbox =
                ProcessHandle.of(instances.get(0).get("pid").asLong()).orElseThrow();
        List<ProcessHandle> inside = sandbox.descendants().toList();
        assertThat(inside).isNotEmpty();

        inside.forEach(ProcessHandle::destroyForcibly);
        sandbox.onExit().get(30, TimeUnit.SECONDS);

        assertThat(text(call("files__read_text_file", Map.of("path", served))))
                .isEqualTo(TestServerSettings.SERVED_TEXT);
        JsonNode after =
                admin.call("GET", "/v1/admin/servers/files/instances", null).json();
        assertThat(after.get(0).get("pid").asLong()).isNotEqualTo(sandbox.pid());
        assertThat(after.get(0).get("alive").asBoolean()).isTrue();
    }

    @Test
    void createServerWhenEnvironmentSetsALoaderVariableThenRefusedNamingIt() {
        TestHttp.Reply reply = admin.call(
                "POST",
                "/v1/admin/servers",
                Map.of(
                        "slug",
                        "preloaded",
                        "transport",
                        "stdio",
                        "command",
                        List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"),
                        "env",
                        Map.of("LD_PRELOAD", "/tmp/evil.so")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo("env");
        assertThat(reply.json().at("/errors/0/message").asString()).contains("LD_PRELOAD");
    }

    @Test
    void createServerWhenCommandIsNotAllowListedThenRefusedNamingIt() {
        TestHttp.Reply reply = admin.call(
                "POST",
                "/v1/admin/servers",
                Map.of("slug", "shell", "transport", "stdio", "command", List.of("/bin/sh", "-c", "id")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/field").asString()).isEqualTo("command");
        assertThat(reply.json().at("/errors/0/message").asString())
                .contains("/bin/sh")
                .contains("AMBASSADOR_ALLOWED_COMMANDS");
    }

    @Test
    void patchServerWhenEnvironmentSetsNodeOptionsThenRefusedNamingIt() {
        TestHttp.Reply reply = admin.call(
                "PATCH", "/v1/admin/servers/files", Map.of("env", Map.of("NODE_OPTIONS", "--require /tmp/x.js")));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/errors/0/message").asString()).contains("NODE_OPTIONS");
    }

    private static void assertRefused(JsonNode result) {
        // The file server answers a path it cannot reach with a tool error, never with content.
        assertThat(result.path("isError").asBoolean(false))
                .as(result.toString())
                .isTrue();
    }

    private static String text(JsonNode result) {
        assertThat(result.path("isError").asBoolean(false))
                .as(result.toString())
                .isFalse();
        return result.at("/content/0/text").asString();
    }

    private JsonNode call(String tool, Map<String, Object> arguments) {
        JsonNode reply = new TestMcp(http)
                .post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                ids.incrementAndGet(),
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", tool, "arguments", arguments)))
                .json();
        assertThat(reply.has("result")).as(reply.toString()).isTrue();
        return reply.get("result");
    }
}
