package dev.mcp.ambassador;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.ServerProcess;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * How long the sandboxed downstream processes of a real server process live: an idle one is
 * stopped and the count of live children returns to its baseline; one killed from outside is
 * started again on the next call, at once the first time and after a wait when it keeps dying;
 * and when the ambassador itself is killed with SIGKILL, every child dies with it.
 */
class ChildProcessLifetimeEndToEndTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private int ids = 10;

    @Test
    void idleWhenNoCallForTheIdleTimeoutThenChildrenReturnToBaselineAndACrashingChildRestartsWithBackoff()
            throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of("ambassador.sandbox.idle-timeout", "3s"))) {
            int baseline = server.liveChildren().size();
            Client client = client(server, "shared");

            assertThat(echo(client, "first").at("/result/content/0/text").asString())
                    .isEqualTo("Echo: first");
            assertThat(server.liveChildren()).hasSizeGreaterThan(baseline);
            await(() -> server.liveChildren().size() == baseline, "idle children to be stopped");
            await(() -> server.log().contains("idle for PT3S"), "the reaper to report it");

            assertThat(echo(client, "again").at("/result/content/0/text").asString())
                    .as("a fresh process serves the next call")
                    .isEqualTo("Echo: again");

            killChildren(server);
            assertThat(echo(client, "after one crash")
                            .at("/result/content/0/text")
                            .asString())
                    .as("the first crash is restarted at once")
                    .isEqualTo("Echo: after one crash");

            killChildren(server);
            JsonNode refused = echo(client, "after two crashes");
            assertThat(refused.at("/error/message").asString())
                    .as(refused.toString())
                    .contains("stopped unexpectedly")
                    .contains("started again in");
            await(
                    () -> echo(client, "later")
                            .at("/result/content/0/text")
                            .asString("")
                            .equals("Echo: later"),
                    "the restart after the wait");
        }
    }

    @Test
    void killWhenTheAmbassadorGetsSigkillThenEveryChildDiesWithIt() throws Exception {
        try (ServerProcess server = ServerProcess.start(Map.of())) {
            int baseline = server.liveChildren().size();
            Client shared = client(server, "shared");
            Client perUser = client(server, "per_user");
            assertThat(echo(shared, "one").has("result")).isTrue();
            assertThat(echo(perUser, "two").has("result")).isTrue();
            List<ProcessHandle> children = server.liveChildren();
            assertThat(children).hasSizeGreaterThanOrEqualTo(baseline + 2);

            server.kill();
            assertThat(server.awaitExit(WAIT)).isTrue();

            awaitExits(children, "every child to die with the ambassador");
        }
    }

    private record Client(TestMcp mcp, String token, String session, String slug) {}

    private static Client client(ServerProcess server, String isolation) {
        TestHttp http = server.http();
        TestAdmin admin = TestAdmin.signIn(http);
        UUID user = admin.createUser("life-" + UUID.randomUUID().toString().substring(0, 8));
        String slug = "life-" + UUID.randomUUID().toString().substring(0, 8);
        admin.publishEverything(slug, user, List.of("*"), List.of(), isolation);
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "life"))
                .json()
                .get("session_token")
                .asString();
        TestMcp mcp = new TestMcp(http);
        return new Client(mcp, token, mcp.initialize(token), slug);
    }

    private JsonNode echo(Client client, String text) {
        return client.mcp()
                .post(
                        client.token(),
                        client.session(),
                        Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                ids++,
                                "method",
                                "tools/call",
                                "params",
                                Map.of("name", client.slug() + "__echo", "arguments", Map.of("message", text))))
                .json();
    }

    private static void killChildren(ServerProcess server) throws InterruptedException {
        List<ProcessHandle> children = server.liveChildren();
        assertThat(children).isNotEmpty();
        children.forEach(ProcessHandle::destroyForcibly);
        awaitExits(children, "the killed children to be gone");
    }

    /** Waits for the exit events of {@code processes}, at most {@link #WAIT} in all. */
    private static void awaitExits(List<ProcessHandle> processes, String what) throws InterruptedException {
        try {
            CompletableFuture.allOf(
                            processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("Waited " + WAIT + " for " + what, e);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Waited " + WAIT + " for " + what);
            }
            Thread.sleep(200);
        }
    }
}
