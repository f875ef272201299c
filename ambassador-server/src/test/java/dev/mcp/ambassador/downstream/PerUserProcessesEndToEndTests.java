package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.Concurrently;
import dev.mcp.ambassador.support.ServerProcess;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code per_user} stdio servers on a real server process whose own environment holds a canary:
 * each user's process sees that user's credential and nothing of the ambassador's environment nor
 * of another user's; and the global process limit holds when more users than it allows call at
 * once, with a clear error past it and room again once a process is freed.
 */
class PerUserProcessesEndToEndTests {

    private static final String PASSWORD = "Quiet-harbour-lanterns-drift-1987";
    private static final int MAX_PROCESSES = 5;
    private static final int USERS = 20;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CANARY_NAME = "OPERATOR_CANARY";
    private static final String CANARY = "host-canary-" + UUID.randomUUID();

    private static final List<String> published = new CopyOnWriteArrayList<>();
    private static ServerProcess server;
    private static TestAdmin admin;
    private final AtomicInteger ids = new AtomicInteger(10);

    @BeforeAll
    static void startServer() {
        server = ServerProcess.start(
                Map.of("ambassador.sandbox.max-processes", Integer.toString(MAX_PROCESSES)),
                Map.of(CANARY_NAME, CANARY));
        admin = TestAdmin.signIn(server.http());
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close();
    }

    @Test
    void getEnvWhenTwoUsersSetTheirOwnTokensThenEachSeesOnlyTheirsAndNothingOfTheAmbassadorsEnvironment() {
        String slug = publish("env", true);
        User alice = newUser(slug);
        User bob = newUser(slug);
        String tokenA = "token-a-" + UUID.randomUUID();
        String tokenB = "token-b-" + UUID.randomUUID();
        alice.putToken(slug, tokenA);
        bob.putToken(slug, tokenB);

        String aliceEnv = alice.getEnv(slug);
        String bobEnv = bob.getEnv(slug);

        assertThat(aliceEnv).contains(tokenA).doesNotContain(tokenB);
        assertThat(bobEnv).contains(tokenB).doesNotContain(tokenA);
        assertThat(List.of(aliceEnv, bobEnv))
                .allSatisfy(env -> assertThat(env).doesNotContain(CANARY).doesNotContain(CANARY_NAME));
        assertThat(server.log()).contains("Started downstream").doesNotContain(tokenA, tokenB);
    }

    @Test
    void callWhenMoreUsersThanTheGlobalLimitCallAtOnceThenThoseOverItAreRefusedClearlyUntilAProcessIsFreed()
            throws InterruptedException {
        String slug = publish("quota", false);
        // Granted only once every MCP session is open: opening one starts the user's processes.
        List<User> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(newUser(null));
        }
        users.forEach(user -> grant(user.id, slug));
        int running = runningProcesses();

        List<JsonNode> replies = Concurrently.run(USERS, i -> users.get(i).call(slug, "echo", "user " + i));

        List<JsonNode> served = replies.stream().filter(r -> r.has("result")).toList();
        List<JsonNode> refused = replies.stream().filter(r -> r.has("error")).toList();
        assertThat(served).as(replies.toString()).hasSize(MAX_PROCESSES - running);
        assertThat(refused).as(replies.toString()).hasSize(USERS - (MAX_PROCESSES - running));
        assertThat(refused)
                .allSatisfy(reply -> assertThat(reply.at("/error/message").asString())
                        .isEqualTo("Server '" + slug + "' cannot start: all " + MAX_PROCESSES
                                + " processes the ambassador may run are in use (ambassador.sandbox.max-processes);"
                                + " try again later."));
        assertThat(refused).allSatisfy(reply -> assertThat(
                        reply.at("/error/data/refused_by").asString())
                .isEqualTo("forward"));
        for (int i = 0; i < USERS; i++) {
            if (replies.get(i).has("result")) {
                assertThat(replies.get(i).at("/result/content/0/text").asString())
                        .isEqualTo("Echo: user " + i);
            }
        }

        // One user ends their MCP session: their process stops, and its place is free again.
        User leaving = users.get(indexOfFirst(replies, true));
        ProcessHandle process = processOf(slug, leaving);
        leaving.endSession();
        awaitExit(process);

        User newcomer = newUser(slug);
        JsonNode reply = newcomer.call(slug, "echo", "newcomer");
        assertThat(reply.at("/result/content/0/text").asString())
                .as(reply.toString())
                .isEqualTo("Echo: newcomer");

        // Every process of this test stops, so the places are free for the other tests.
        List<ProcessHandle> processes = pidsOf(slug);
        users.remove(leaving);
        users.add(newcomer);
        users.forEach(User::endSession);
        for (ProcessHandle each : processes) {
            awaitExit(each);
        }
    }

    private static List<ProcessHandle> pidsOf(String slug) {
        List<ProcessHandle> processes = new ArrayList<>();
        instances(slug).forEach(instance -> ProcessHandle.of(instance.get("pid").asLong())
                .ifPresent(processes::add));
        return processes;
    }

    private static void awaitExit(ProcessHandle process) throws InterruptedException {
        try {
            process.onExit().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("Waited " + WAIT + " for process " + process.pid() + " to stop", e);
        }
    }

    private static int indexOfFirst(List<JsonNode> replies, boolean served) {
        for (int i = 0; i < replies.size(); i++) {
            if (replies.get(i).has("result") == served) {
                return i;
            }
        }
        throw new AssertionError("No reply with served=" + served + " in " + replies);
    }

    /** The stdio processes running now on the servers this class published, as admins see them. */
    private static int runningProcesses() {
        return published.stream().mapToInt(slug -> instances(slug).size()).sum();
    }

    private static JsonNode instances(String slug) {
        TestHttp.Reply reply = admin.call("GET", "/v1/admin/servers/" + slug + "/instances", null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** The host process that serves {@code user} alone on {@code slug}. */
    private static ProcessHandle processOf(String slug, User user) {
        for (JsonNode instance : instances(slug)) {
            if (user.id
                    .toString()
                    .equals(instance.path("user_id")
                            .asString(instance.path("userId").asString("")))) {
                return ProcessHandle.of(instance.get("pid").asLong()).orElseThrow();
            }
        }
        throw new AssertionError("No process of " + user.id + " in " + instances(slug));
    }

    private static String publish(String prefix, boolean withCredential) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> entry = new java.util.HashMap<>(Map.of(
                "slug",
                slug,
                "transport",
                "stdio",
                "command",
                List.of("node", TestAdmin.SERVER_EVERYTHING.toString(), "stdio"),
                "isolation",
                "per_user",
                "status",
                "published"));
        if (withCredential) {
            entry.put(
                    "credentials",
                    List.of(Map.of("name", "api_token", "env_var", "API_TOKEN", "required", true, "description", "x")));
        }
        admin.create("/v1/admin/servers", entry);
        published.add(slug);
        return slug;
    }

    private User newUser(String slug) {
        String username = "proc-" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = UUID.fromString(admin.create(
                        "/v1/admin/users", Map.of("username", username, "password", PASSWORD, "roles", List.of("USER")))
                .get("id")
                .asString());
        if (slug != null) {
            grant(id, slug);
        }
        TestHttp http = server.http();
        TestHttp.Reply login = http.send("POST", "/v1/auth/login", Map.of("username", username, "password", PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String token = http.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(id), "client_name", "processes test"))
                .json()
                .get("session_token")
                .asString();
        return new User(id, http, token, new TestMcp(http).initialize(token));
    }

    private static void grant(UUID user, String slug) {
        admin.create("/v1/admin/grants", Map.of("user_id", user, "server", slug, "allow", List.of("*")));
    }

    private final class User {
        final UUID id;
        final TestHttp http;
        final String token;
        final String session;

        User(UUID id, TestHttp http, String token, String session) {
            this.id = id;
            this.http = http;
            this.token = token;
            this.session = session;
        }

        void putToken(String slug, String value) {
            TestHttp.Reply reply = http.send(
                    "PUT",
                    "/v1/me/credentials/" + slug,
                    Map.of("values", Map.of("api_token", value)),
                    "X-XSRF-TOKEN",
                    http.cookie("XSRF-TOKEN"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(204);
        }

        void endSession() {
            TestHttp.Reply ended =
                    http.send("DELETE", "/mcp", null, "Authorization", "Bearer " + token, "Mcp-Session-Id", session);
            assertThat(ended.status()).as(ended.body()).isIn(200, 202, 204);
        }

        String getEnv(String slug) {
            JsonNode reply = call(slug, "get-env", null);
            assertThat(reply.has("result")).as(reply.toString()).isTrue();
            return reply.at("/result/content/0/text").asString();
        }

        JsonNode call(String slug, String tool, String message) {
            Map<String, Object> arguments = message == null ? Map.of() : Map.of("message", message);
            return new TestMcp(http)
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
                                    Map.of("name", slug + "__" + tool, "arguments", arguments)))
                    .json();
        }
    }
}
