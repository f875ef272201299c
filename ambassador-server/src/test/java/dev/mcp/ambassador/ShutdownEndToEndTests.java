package dev.mcp.ambassador;

import static dev.mcp.ambassador.support.TestEventStream.json;
import static dev.mcp.ambassador.support.TestEventStream.mcpRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.ServerProcess;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestEventStream;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SIGTERM to a real server process while calls are in flight and a client listens on its GET
 * stream: a call that finishes within the drain time completes, one that would not is answered
 * with a refusal that says the server is shutting down, and then the downstream processes and
 * the embedded database stop, in that order, all within a bounded time.
 */
class ShutdownEndToEndTests {

    private static final Duration DRAIN = Duration.ofSeconds(6);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Drain, then a few seconds to answer stopped calls and stop processes and the database. */
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(20);

    @Test
    void sigtermWhenCallsAreInFlightThenTheyCompleteOrAreRefusedThenChildrenAndDatabaseStop() throws Exception {
        try (ServerProcess server =
                ServerProcess.start(Map.of("ambassador.shutdown.drain-timeout", DRAIN.toSeconds() + "s"))) {
            TestHttp http = server.http();
            TestAdmin admin = TestAdmin.signIn(http);
            UUID user = admin.createUser("drain-" + UUID.randomUUID().toString().substring(0, 8));
            String slug = "drain-" + UUID.randomUUID().toString().substring(0, 8);
            admin.publishEverything(slug, user, List.of("*"), List.of());
            String token = http.send(
                            "POST",
                            "/v1/sessions/register",
                            Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "drain"))
                    .json()
                    .get("session_token")
                    .asString();
            String session = new TestMcp(http).initialize(token);

            try (TestEventStream listening = TestEventStream.open(
                            http.clientBuilder().build(),
                            mcpRequest(http, token, session)
                                    .timeout(WAIT.multipliedBy(2))
                                    .GET()
                                    .build());
                    TestEventStream shortCall = longCall(http, token, session, slug, 2, 3);
                    TestEventStream longCall = longCall(http, token, session, slug, 3, 120)) {
                assertThat(listening.isEventStream()).isTrue();
                awaitProgress(shortCall);
                awaitProgress(longCall);
                List<ProcessHandle> children = server.liveChildren();
                assertThat(children).as("the sandboxed server-everything").isNotEmpty();
                ProcessHandle postmaster = server.postmaster().orElseThrow();

                Instant terminated = Instant.now();
                server.terminate();

                JsonNode completed = finalMessage(shortCall);
                assertThat(completed.at("/result/content/0/text").asString())
                        .as(completed.toString())
                        .startsWith("Long running operation completed");
                JsonNode refused = finalMessage(longCall);
                assertThat(refused.at("/error/code").asInt())
                        .as(refused.toString())
                        .isEqualTo(-32001);
                assertThat(refused.at("/error/message").asString()).contains("shutting down");
                assertThat(listening.rest(WAIT)).as("the GET stream ends").isNotNull();

                assertThat(server.awaitExit(EXIT_LIMIT))
                        .as("the server exits within %s of SIGTERM", EXIT_LIMIT)
                        .isTrue();
                assertThat(Duration.between(terminated, Instant.now())).isLessThan(EXIT_LIMIT);
                for (ProcessHandle child : children) {
                    awaitDeath(child);
                }
                awaitDeath(postmaster);
                assertThat(server.dataDir().resolve("postgres/postmaster.pid"))
                        .as("PostgreSQL was shut down cleanly")
                        .doesNotExist();
                String log = server.log();
                assertThat(log).contains("Downstream processes stopped").contains("Embedded PostgreSQL stopped");
                assertThat(log.indexOf("Downstream processes stopped"))
                        .as("children stop before the database")
                        .isLessThan(log.indexOf("Embedded PostgreSQL stopped"));
            }
        }
    }

    private static TestEventStream longCall(
            TestHttp http, String token, String session, String slug, int id, int seconds) {
        return TestEventStream.open(
                http.clientBuilder().build(),
                mcpRequest(http, token, session)
                        .timeout(WAIT.multipliedBy(4))
                        .header("Content-Type", "application/json")
                        .POST(json(Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                id,
                                "method",
                                "tools/call",
                                "params",
                                Map.of(
                                        "name",
                                        slug + "__trigger-long-running-operation",
                                        "arguments",
                                        Map.of("duration", seconds, "steps", seconds),
                                        "_meta",
                                        Map.of("progressToken", "call-" + id)))))
                        .build());
    }

    private static void awaitProgress(TestEventStream call) {
        JsonNode message = call.nextMessage(WAIT);
        while (!message.path("method").asString("").equals("notifications/progress")) {
            message = call.nextMessage(WAIT);
        }
    }

    private static JsonNode finalMessage(TestEventStream call) {
        JsonNode message;
        do {
            message = call.nextMessage(WAIT);
        } while (message.has("method"));
        return message;
    }

    private static void awaitDeath(ProcessHandle process) throws InterruptedException {
        try {
            process.onExit().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Still running after WAIT: the assertion below says which process.
        }
        assertThat(process.isAlive()).as("%s stopped", process.info().command()).isFalse();
    }
}
