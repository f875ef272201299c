package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestServerSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * On the whole server, with PostgreSQL: a remote downstream is reached at the address the SSRF
 * guard checked, never at one the JDK's own lookup of the name gives. The guard's resolver answers
 * {@code 127.0.0.2} for {@code localhost}, the only allow-listed address, where a minimal MCP server
 * listens; the JDK resolves {@code localhost} to {@code 127.0.0.1}, where a decoy listens on the
 * same port. Without pinning, the connection would go to the decoy (DNS rebinding between check
 * and connect).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PinnedAddressIntegrationTests {

    private static final Path DATA_DIR = TestServerSettings.newDataDirectory();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger REACHED_CHECKED = new AtomicInteger();
    private static final AtomicInteger REACHED_DECOY = new AtomicInteger();
    private static final AtomicInteger CHECKS = new AtomicInteger();
    private static HttpServer checked;
    private static HttpServer decoy;

    @TestConfiguration
    static class Guard {
        @Bean
        @Primary
        DownstreamAddressGuard rebindingGuard() {
            return new DownstreamAddressGuard(List.of("127.0.0.2/32"), host -> {
                if (!host.equals("localhost")) {
                    throw new UnknownHostException(host);
                }
                CHECKS.incrementAndGet();
                return new InetAddress[] {InetAddress.getByName("127.0.0.2")};
            });
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServerSettings.register(registry, DATA_DIR);
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void listen() throws IOException {
        for (int attempt = 0; ; attempt++) {
            checked = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
            checked.createContext("/mcp", PinnedAddressIntegrationTests::answer);
            try {
                decoy = HttpServer.create(
                        new InetSocketAddress("127.0.0.1", checked.getAddress().getPort()), 0);
                break;
            } catch (BindException e) {
                checked.stop(0);
                if (attempt > 20) {
                    throw e;
                }
            }
        }
        decoy.createContext("/", exchange -> {
            REACHED_DECOY.incrementAndGet();
            reply(exchange, 200, "application/json", "{}");
        });
        for (HttpServer server : List.of(checked, decoy)) {
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
        }
    }

    @AfterAll
    static void stop() {
        checked.stop(0);
        decoy.stop(0);
    }

    @Test
    void discoverWhenTheNameResolvesElsewhereForTheJdkThenTheCheckedAddressIsConnectedTo() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));
        String url = "http://localhost:" + checked.getAddress().getPort() + "/mcp";
        admin.create(
                "/v1/admin/servers",
                Map.of("slug", "rebinding", "transport", "http", "url", url, "status", "published"));
        int checksBefore = CHECKS.get();

        TestHttp.Reply tools = admin.call("POST", "/v1/admin/servers/rebinding/discover", null);

        assertThat(tools.status()).as(tools.body()).isEqualTo(200);
        assertThat(tools.json().at("/tools/0/name").asString()).isEqualTo("served-at-the-checked-address");
        assertThat(CHECKS.get()).as("the session checked the name again").isGreaterThan(checksBefore);
        assertThat(REACHED_CHECKED.get()).isPositive();
        assertThat(REACHED_DECOY.get())
                .as("requests that went to the JDK's own answer")
                .isZero();
    }

    // A minimal MCP server: initialize, notifications, tools/list; no GET stream.
    private static void answer(HttpExchange exchange) throws IOException {
        REACHED_CHECKED.incrementAndGet();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestMethod().equals("POST")) {
            reply(exchange, exchange.getRequestMethod().equals("GET") ? 405 : 200, null, "");
            return;
        }
        JsonNode body = JSON.readTree(raw);
        if (!body.has("id")) {
            reply(exchange, 202, null, "");
            return;
        }
        String result = body.path("method").asString("").equals("initialize")
                ? "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                        + "\"serverInfo\":{\"name\":\"pinned\",\"version\":\"1\"}}"
                : "{\"tools\":[{\"name\":\"served-at-the-checked-address\",\"inputSchema\":{\"type\":\"object\"}}]}";
        exchange.getResponseHeaders().add("Mcp-Session-Id", "pinned-session");
        reply(
                exchange,
                200,
                "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":" + body.get("id") + ",\"result\":" + result + "}");
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            exchange.getResponseHeaders().add("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
