package dev.mcp.ambassador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.EchoClient;
import dev.mcp.ambassador.support.Nginx;
import dev.mcp.ambassador.support.NodeScript;
import dev.mcp.ambassador.support.ReplicaCluster;
import dev.mcp.ambassador.support.ServerProcess;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two ambassador processes (replicas A and B) on one PostgreSQL behind a real nginx that balances
 * every request round-robin, with no affinity: an MCP session lives on the replica that opened it,
 * and each request that lands on the other one is forwarded to it. Real clients (the TS SDK and
 * {@code mcp-remote}) run whole sessions through nginx and see what a direct server shows them,
 * their event streams cut and resumed with {@code Last-Event-ID} on either replica.
 *
 * <p>The replicas share their CA (B's data directory is given A's), as the operations guide asks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionRoutingEndToEndTests {

    private static final Duration STREAM_IDLE_CUT = Duration.ofSeconds(4);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(150);
    private static final Duration WAIT = Duration.ofSeconds(45);

    @RegisterExtension
    static final ReplicaCluster cluster = ReplicaCluster.sharingCa(Map.of(
            // Each replica's address is this host's name and its port: its certificate must carry that name.
            "ambassador.hostnames", hostName()));

    private static ServerProcess a;
    private static ServerProcess b;
    private static Nginx nginx;
    private static TestHttp viaNginx;

    @BeforeAll
    static void startNginx() throws IOException {
        a = cluster.a();
        b = cluster.b();
        Path tls = a.dataDir().resolve("tls");
        nginx = Nginx.roundRobin(
                List.of(a.port(), b.port()),
                tls.resolve("server.pem"),
                tls.resolve("server-key.pem"),
                tls.resolve("ca.pem"),
                STREAM_IDLE_CUT);
        viaNginx = new TestHttp(nginx.port(), a.dataDir());
    }

    @AfterAll
    static void stopAll() throws IOException, InterruptedException {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    @Order(1)
    void sessionWhenUsedThroughTheOtherReplicaThenItsOwnerAnswersAndEndsIt() {
        EchoClient client = EchoClient.setUp(TestAdmin.signIn(a.http()), a.http(), "owned-by-a");
        TestMcp onB = new TestMcp(b.http());

        TestHttp.Reply listed = onB.post(client.token(), client.session(), message(2, "tools/list", Map.of()));
        TestHttp.Reply called = onB.post(client.token(), client.session(), client.request(3, "through B"));

        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().at("/result/tools/0/name").asString()).isEqualTo(client.slug() + "__echo");
        assertThat(called.json().at("/result/content/0/text").asString())
                .as(called.body())
                .contains("through B");
        TestHttp.Reply ended = b.http()
                .send(
                        "DELETE",
                        "/mcp",
                        null,
                        "Authorization",
                        "Bearer " + client.token(),
                        "Mcp-Session-Id",
                        client.session());
        assertThat(ended.status()).as(ended.body()).isEqualTo(204);
        assertThat(client.mcp()
                        .post(client.token(), client.session(), client.request(4, "gone"))
                        .status())
                .isEqualTo(404);
        assertThat(routed(b, "forwarded")).isGreaterThanOrEqualTo(3);
        assertThat(routed(a, "served_for_replica")).isGreaterThanOrEqualTo(3);
    }

    /** A replica's count of requests naming a session that went {@code route}, from its metrics. */
    private static double routed(ServerProcess replica, String route) {
        String prefix = "ambassador_mcp_session_routing_total{route=\"" + route + "\"";
        return TestAdmin.signIn(replica.http())
                .call("GET", "/actuator/prometheus", null)
                .body()
                .lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    @Order(2)
    void sessionIdWhenAlteredThenNotFoundOnEitherReplica() {
        EchoClient client = EchoClient.setUp(TestAdmin.signIn(a.http()), a.http(), "altered");
        char[] id = client.session().toCharArray();
        id[3] = id[3] == 'A' ? 'B' : 'A';
        String altered = new String(id);

        for (TestHttp http : List.of(a.http(), b.http())) {
            TestHttp.Reply reply = new TestMcp(http).post(client.token(), altered, client.request(2, "altered"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(404);
        }
    }

    @Test
    @Order(3)
    void forwardingHeaderWhenSentByAClientThenRefused() {
        EchoClient client = EchoClient.setUp(TestAdmin.signIn(a.http()), a.http(), "pretender");
        long now = Instant.now().getEpochSecond();

        TestHttp.Reply reply = a.http()
                .send(
                        "POST",
                        "/mcp",
                        client.request(2, "pretending"),
                        "Accept",
                        TestMcp.ACCEPT,
                        "Authorization",
                        "Bearer " + client.token(),
                        "Mcp-Session-Id",
                        client.session(),
                        "Ambassador-Forwarded",
                        "v1 " + now + " bG9jYWxob3N0 MTAuMC4wLjE AAAA");

        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
    }

    @ParameterizedTest
    @Order(4)
    @ValueSource(strings = {"sdk", "mcp-remote"})
    void clientLibraryWhenBehindNginxWithoutAffinityThenItsWholeSessionWorksOnBothReplicas(String mode)
            throws InterruptedException {
        TestAdmin admin = TestAdmin.signIn(a.http());
        String slug = "routed-" + mode.replace("-", "") + "-"
                + UUID.randomUUID().toString().substring(0, 6);
        UUID user = admin.createUser(slug);
        admin.publishEverything(slug, user, List.of("*"), List.of(), "per_user");
        String token = viaNginx.send(
                        "POST",
                        "/v1/sessions/register",
                        Map.of("preshared_key", admin.issuePresharedKey(user), "client_name", "routed-" + mode))
                .json()
                .get("session_token")
                .asString();
        int logFrom = nginx.accessLog().size();

        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<Integer> grantChanges = Collections.synchronizedList(new ArrayList<>());
        try (NodeScript run = NodeScript.start(
                "clients/parity.mjs",
                arguments(mode, slug),
                NodeScript.clientEnvironment(token, a.dataDir().resolve("tls/ca.pem")),
                line -> {
                    if (line.equals("READY_FOR_GRANT_CHANGE")) {
                        // The list change must travel on a GET stream that was cut and resumed by then.
                        if (!awaitResumedStream(logFrom)) {
                            problems.add("no GET stream was resumed with Last-Event-ID within " + WAIT);
                        }
                        grantChanges.add(admin.addEchoGrant(user, slug));
                    }
                })) {
            run.awaitEnd(RUN_LIMIT);

            assertThat(problems).as(run.transcript()).isEmpty();
            assertThat(grantChanges).as(run.transcript()).containsExactly(201);
            assertThat(run.passedSummary().path("checks").propertyNames())
                    .as(run.transcript())
                    .contains("tools-list", "every-tool-called", "progress", "sampling", "tools-list-changed");
        }
        List<Nginx.Logged> requests =
                nginx.requests().subList(logFrom, nginx.requests().size());
        // mcp-remote tries a session first and then opens the one it uses: the busiest is the client's.
        Map<String, List<Nginx.Logged>> bySession = requests.stream()
                .filter(request -> request.session() != null)
                .collect(Collectors.groupingBy(Nginx.Logged::session));
        List<Nginx.Logged> clientSession = bySession.values().stream()
                .max(Comparator.comparingInt(List::size))
                .orElseThrow();
        assertThat(clientSession.stream().map(Nginx.Logged::upstream).distinct())
                .as("the replicas that served the session's requests%n%s", nginx.accessLog())
                .containsExactlyInAnyOrder("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port());
    }

    @Test
    @Order(5)
    void ownerWhenKilledThenTheOtherReplicaAnswersNotFoundSoTheClientInitializesAgain() throws InterruptedException {
        EchoClient client = EchoClient.setUp(TestAdmin.signIn(a.http()), b.http(), "owned-by-b");
        TestMcp onA = new TestMcp(a.http());
        assertThat(onA.post(client.token(), client.session(), client.request(2, "before"))
                        .status())
                .isEqualTo(200);

        b.kill();
        assertThat(b.awaitExit(Duration.ofSeconds(30))).isTrue();

        TestHttp.Reply reply = onA.post(client.token(), client.session(), client.request(3, "after"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(404);
        assertThat(onA.initialize(client.token())).isNotBlank();
    }

    /** Waits until nginx has logged a GET stream that a client resumed with Last-Event-ID. */
    private static boolean awaitResumedStream(int logFrom) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<Nginx.Logged> requests = nginx.requests();
            if (requests.subList(Math.min(logFrom, requests.size()), requests.size()).stream()
                    .anyMatch(request -> request.method().equals("GET")
                            && request.status() == 200
                            && request.lastEventId() != null)) {
                return true;
            }
            try {
                // Lines appear when a stream ends, at most STREAM_IDLE_CUT apart.
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private List<String> arguments(String mode, String slug) {
        return List.of(
                "--mode",
                mode,
                "--url",
                viaNginx.uri("/mcp").toString(),
                "--slug",
                slug,
                "--server-everything",
                TestAdmin.SERVER_EVERYTHING.toString(),
                "--downstream-node",
                "node",
                "--list-changed-wait-ms",
                Long.toString(WAIT.plusSeconds(15).toMillis()));
    }

    /** This host's name, as a replica takes it for its address when none is configured. */
    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static Map<String, Object> message(int id, String method, Map<String, Object> params) {
        return Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", params);
    }
}
