package dev.mcp.ambassador.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import dev.mcp.ambassador.support.TestServerSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The database stops while clients are calling: requests are refused with a clear error before
 * anything is forwarded (by a pipeline step, or at the door once the change feed has been out of
 * touch for longer than its bound), and the service comes back by itself when the database does. The server
 * under test uses a PostgreSQL of this test's own, which it stops and starts again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DatabaseOutageEndToEndTests {

    private static final Path DATA_DIR = TestServerSettings.newDataDirectory();
    private static final Path CLUSTER = DATA_DIR.resolve("outage-postgres");
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final List<String> BEFORE_FORWARDING = List.of("kill_switch", "rbac", "rate_limit", "audit");
    private static final int PG_PORT = freePort();

    private static EmbeddedPostgres postgres = start();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        TestServerSettings.properties(DATA_DIR).forEach((name, value) -> {
            if (!name.startsWith("ambassador.database.")) {
                registry.add(name, () -> value);
            }
        });
        registry.add("ambassador.database.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
        registry.add("ambassador.database.username", () -> "postgres");
        registry.add("ambassador.database.password", () -> "");
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        postgres.close();
    }

    @Test
    void callsWhenTheDatabaseStopsThenTheyAreRefusedBeforeForwardingAndResumeWhenItReturns() throws Exception {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestMcp mcp = new TestMcp(http);
        TestAdmin admin = TestAdmin.signIn(http);
        UUID user = admin.createUser("outage-" + UUID.randomUUID().toString().substring(0, 8));
        admin.publishEverything("outage", user, List.of("echo"), List.of());
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "outage"))
                .json()
                .get("session_token")
                .asString();
        String session = mcp.initialize(token);
        AtomicInteger ids = new AtomicInteger();
        assertThat(echo(mcp, token, session, ids.incrementAndGet()).has("result"))
                .isTrue();

        List<JsonNode> replies = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Thread> clients = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (loading.get()) {
                    replies.add(echo(mcp, token, session, ids.incrementAndGet()));
                }
            }));
        }
        waitFor(() -> replies.stream().anyMatch(reply -> reply.has("result")), "calls to pass before the outage");

        postgres.close();
        waitFor(() -> replies.stream().anyMatch(reply -> reply.has("error")), "a refusal while the database is down");
        postgres = start();
        int answeredBeforeReturn = replies.size();
        waitFor(
                () -> replies.stream().skip(answeredBeforeReturn).anyMatch(reply -> reply.has("result")),
                "calls to pass again once the database is back");
        loading.set(false);
        for (Thread client : clients) {
            client.join(DEADLINE.toMillis());
        }

        assertThat(replies).allSatisfy(reply -> {
            if (reply.has("status")) {
                // An outage longer than the change feed's bound is refused at the door.
                assertThat(reply.get("status").asInt()).as(reply.toString()).isEqualTo(503);
                assertThat(reply.get("type").asString()).endsWith("revocations-not-current");
                assertThat(reply.get("detail").asString()).contains("Try again");
            } else if (reply.has("error")) {
                assertThat(reply.at("/error/code").asInt()).as(reply.toString()).isEqualTo(-32001);
                assertThat(reply.at("/error/data/refused_by").asString()).isIn(BEFORE_FORWARDING);
                assertThat(reply.at("/error/message").asString()).contains("Try again");
            } else {
                assertThat(reply.at("/result/content/0/text").asString()).isEqualTo("Echo: during the outage");
            }
        });
        JsonNode verified = admin.call("GET", "/v1/audit/verify", null).json();
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
    }

    private static JsonNode echo(TestMcp mcp, String token, String session, int id) {
        return mcp.post(
                        token,
                        session,
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                id,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", "outage__echo", "arguments", Map.of("message", "during the outage"))))
                .json();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder()
                    .setPort(PG_PORT)
                    .setDataDirectory(CLUSTER)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
