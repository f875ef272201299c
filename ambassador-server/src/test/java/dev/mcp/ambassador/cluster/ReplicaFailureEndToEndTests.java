package dev.mcp.ambassador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.ReplicaCluster;
import dev.mcp.ambassador.support.ServerProcess;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two ambassador server processes on one external PostgreSQL, 20 clients calling tools through
 * both, and one replica killed with SIGKILL in the middle of it: its clients see their connections
 * fail, get 404 for their old MCP session on the survivor, initialize there and carry on; every
 * call a client got a result for has exactly one complete audit row, the chain verifies, and the
 * dead replica leaves the replica list once its heartbeat row expires.
 */
class ReplicaFailureEndToEndTests {

    private static final int CLIENTS = 20;
    private static final int CALLS_BEFORE_THE_KILL = 3;
    private static final int CALLS_AFTER_THE_KILL = 3;
    private static final Duration WAIT = Duration.ofMinutes(4);
    // Short, so that the dead replica's row expires while the test waits, not after 30 s.
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final Duration EXPIRY = Duration.ofSeconds(4);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final ReplicaCluster cluster = ReplicaCluster.together(Map.of(
            "ambassador.cluster.heartbeat-every",
            HEARTBEAT.toSeconds() + "s",
            "ambassador.cluster.replica-expiry",
            EXPIRY.toSeconds() + "s"));

    @Test
    void replicaWhenKilledUnderLoadThenItsClientsMoveToTheOtherAndEveryCompletedCallHasOneCompleteAuditRow()
            throws Exception {
        TestAdmin admin = TestAdmin.signIn(survivor().http());
        String slug = "failover-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        admin.publishEverything(slug, user, List.of("echo"), List.of());
        String presharedKey = admin.issuePresharedKey(user);
        assertThat(replicas(admin)).as("replicas before the kill").hasSize(2);
        Load load = new Load(slug);
        List<LoadClient> clients = new ArrayList<>();
        for (int n = 0; n < CLIENTS; n++) {
            clients.add(new LoadClient(
                    n,
                    load,
                    register(presharedKey),
                    new TestMcp(survivor().http()),
                    new TestMcp(doomed().http()),
                    n % 2));
        }

        List<ProcessHandle> doomedChildren;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (LoadClient client : clients) {
                running.add(threads.submit(client::run));
            }
            assertThat(load.warmedUp.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("every client completed calls on its first replica")
                    .isTrue();
            doomedChildren = doomed().liveChildren();
            doomed().kill();
            assertThat(doomed().awaitExit(WAIT)).as("the killed replica exited").isTrue();
            load.killed = true;
            for (Future<?> client : running) {
                client.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }

        for (LoadClient client : clients) {
            assertThat(client.moved)
                    .as("client %d moved to the survivor exactly when it was on the killed replica", client.number)
                    .isEqualTo(client.number % 2 == 1);
            assertThat(client.completedAfterTheKill).isGreaterThanOrEqualTo(CALLS_AFTER_THE_KILL);
        }
        assertThat(clients.stream().mapToInt(c -> c.oldSessionStatus).filter(s -> s != 0))
                .as("the old session on the survivor")
                .hasSize(CLIENTS / 2)
                .containsOnly(404);
        for (ProcessHandle child : doomedChildren) {
            child.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertEveryCompletedCallHasOneCompleteAuditRow(admin, slug, clients);
        JsonNode verified = admin.call("GET", "/v1/audit/verify", null).json();
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();

        Instant deadline = Instant.now().plus(EXPIRY.multipliedBy(5));
        while (replicas(admin).size() > 1) {
            assertThat(Instant.now()).as("the dead replica to leave the list").isBefore(deadline);
            LockSupport.parkNanos(HEARTBEAT.toNanos() / 4);
        }
        assertThat(replicas(admin).getFirst().get("self").asBoolean()).isTrue();
    }

    private static List<JsonNode> replicas(TestAdmin admin) {
        List<JsonNode> replicas = new ArrayList<>();
        admin.call("GET", "/v1/admin/replicas", null).json().forEach(replicas::add);
        return replicas;
    }

    private static void assertEveryCompletedCallHasOneCompleteAuditRow(
            TestAdmin admin, String slug, List<LoadClient> clients) {
        TestHttp.Reply export = admin.call("GET", "/v1/audit/export?format=ndjson&server=" + slug, null);
        assertThat(export.status()).isEqualTo(200);
        Map<String, List<JsonNode>> requestsByMessage = new HashMap<>();
        Map<Long, List<JsonNode>> resultsByRequest = new HashMap<>();
        for (String line : export.body().lines().toList()) {
            JsonNode row = JSON.readTree(line);
            switch (row.path("type").asString()) {
                case "mcp.request" ->
                    requestsByMessage
                            .computeIfAbsent(
                                    row.at("/arguments/arguments/message").asString(), m -> new ArrayList<>())
                            .add(row);
                case "mcp.result" ->
                    resultsByRequest
                            .computeIfAbsent(row.get("request_id").asLong(), id -> new ArrayList<>())
                            .add(row);
                default -> {}
            }
        }
        int completed = 0;
        for (LoadClient client : clients) {
            for (String message : client.completed) {
                completed++;
                List<JsonNode> requests = requestsByMessage.getOrDefault(message, List.of());
                assertThat(requests).as("request rows of %s", message).hasSize(1);
                assertThat(requests.getFirst().get("decision").asString()).isEqualTo("allowed");
                List<JsonNode> results = resultsByRequest.getOrDefault(
                        requests.getFirst().get("id").asLong(), List.of());
                assertThat(results).as("result rows of %s", message).hasSize(1);
                assertThat(results.getFirst().get("status").asString()).isEqualTo("ok");
            }
        }
        assertThat(completed).isGreaterThanOrEqualTo(CLIENTS * (CALLS_BEFORE_THE_KILL + CALLS_AFTER_THE_KILL));
    }

    private static String register(String presharedKey) {
        return survivor()
                .http()
                .send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", presharedKey, "client_name", "failover test"))
                .json()
                .get("session_token")
                .asString();
    }

    /** What the test thread and the clients tell each other. */
    private static final class Load {
        final String slug;
        final CountDownLatch warmedUp = new CountDownLatch(CLIENTS);
        final Instant deadline = Instant.now().plus(WAIT.multipliedBy(2));
        volatile boolean killed;

        Load(String slug) {
            this.slug = slug;
        }
    }

    /**
     * One client calling echo in a closed loop, each call with a message of its own. Starting on
     * replica {@code home} (0 the survivor, 1 the doomed), it moves to the survivor when its
     * connection fails, as a load balancer would send it there once the replica is gone.
     */
    private static final class LoadClient {
        final int number;
        final Load load;
        final String token;
        final TestMcp[] replicas;
        final List<String> completed = new ArrayList<>();
        int current;
        String session;
        int sent;
        int completedAfterTheKill;
        boolean moved;
        int oldSessionStatus;

        LoadClient(int number, Load load, String token, TestMcp survivor, TestMcp doomed, int home) {
            this.number = number;
            this.load = load;
            this.token = token;
            this.replicas = new TestMcp[] {survivor, doomed};
            this.current = home;
            this.session = replicas[home].initialize(token);
        }

        void run() {
            while (completedAfterTheKill < CALLS_AFTER_THE_KILL) {
                assertThat(Instant.now()).as("client %d still calling", number).isBefore(load.deadline);
                boolean afterTheKill = load.killed;
                String message = "client " + number + " call " + sent;
                TestHttp.Reply reply;
                try {
                    reply = replicas[current].post(token, session, call(message));
                } catch (UncheckedIOException connectionLost) {
                    assertThat(current)
                            .as("client %d lost the survivor: %s", number, connectionLost)
                            .isEqualTo(1);
                    moveToTheSurvivor();
                    continue;
                }
                JsonNode answer = reply.json();
                assertThat(answer.has("result"))
                        .as("client %d: %s", number, reply.body())
                        .isTrue();
                completed.add(message);
                if (afterTheKill) {
                    completedAfterTheKill++;
                }
                if (completed.size() == CALLS_BEFORE_THE_KILL) {
                    load.warmedUp.countDown();
                }
            }
        }

        private void moveToTheSurvivor() {
            current = 0;
            moved = true;
            oldSessionStatus = replicas[0]
                    .post(token, session, call("client " + number + " old session"))
                    .status();
            session = replicas[0].initialize(token);
        }

        private Map<String, Object> call(String message) {
            return Map.of(
                    "jsonrpc",
                    "2.0",
                    "id",
                    sent++,
                    "method",
                    "tools/call",
                    "params",
                    Map.of("name", "%s__echo".formatted(load.slug), "arguments", Map.of("message", message)));
        }
    }

    private static ServerProcess survivor() {
        return cluster.a();
    }

    private static ServerProcess doomed() {
        return cluster.b();
    }
}
