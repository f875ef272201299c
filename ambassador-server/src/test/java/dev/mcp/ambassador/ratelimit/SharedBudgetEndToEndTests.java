package dev.mcp.ambassador.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.EchoClient;
import dev.mcp.ambassador.support.ReplicaCluster;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestEventStream;
import dev.mcp.ambassador.support.TestHttp;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Two ambassador server processes, each a JVM of its own started from the main class, on one
 * external PostgreSQL (started by the test), both with the PostgreSQL store, share one budget:
 * calls through either take from it, and once it is spent both refuse. When the store cannot be
 * used, requests are refused, not waved through. The cap on a user's running calls holds per
 * server (both run with a cap of one).
 */
class SharedBudgetEndToEndTests {

    @RegisterExtension
    static final ReplicaCluster cluster = ReplicaCluster.together(
            Map.of("ambassador.rate-limit.store", "postgresql", "ambassador.rate-limit.max-concurrent-per-user", "1"));

    @Test
    void callsWhenAlternatedOverTwoProcessesThenTheyTakeFromOneBudgetAndBothRefuseOnceItIsSpent() {
        // A burst of four, refilled at one a minute: no token comes back while the test runs.
        int budget = 4;
        TestHttp firstHttp = cluster.a().http();
        TestAdmin admin = TestAdmin.signIn(firstHttp);
        String slug = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        admin.publishEverything(slug, user, List.of("echo"), List.of());
        admin.create(
                "/v1/admin/rate-limits",
                Map.of("scope", "user", "target", user.toString(), "capacity", budget, "refill_per_minute", 1));
        List<EchoClient> clients = List.of(
                EchoClient.join(admin, firstHttp, user, slug),
                EchoClient.join(admin, cluster.b().http(), user, slug));

        for (int call = 0; call < budget; call++) {
            JsonNode passed = clients.get(call % 2).echo("call " + call);
            assertThat(passed.has("result")).as("call %d: %s", call, passed).isTrue();
        }
        // Each process alone has seen only half the calls: only a shared budget is spent now.
        JsonNode refusedByFirst = clients.get(budget % 2).echo("one too many");
        JsonNode refusedBySecond = clients.get((budget + 1) % 2).echo("and on the other");

        for (JsonNode refused : List.of(refusedByFirst, refusedBySecond)) {
            assertThat(refused.at("/error/data/refused_by").asString())
                    .as(refused.toString())
                    .isEqualTo("rate_limit");
            assertThat(refused.at("/error/data/retry_after_seconds").asLong()).isBetween(1L, 60L);
        }
    }

    @Test
    void callWhenTheStoreCannotBeUsedThenTheRequestIsRefusedByTheRateLimitUntilItCanAgain() throws SQLException {
        TestHttp http = cluster.a().http();
        TestAdmin admin = TestAdmin.signIn(http);
        String slug = "store-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        admin.publishEverything(slug, user, List.of("echo"), List.of());
        admin.create(
                "/v1/admin/rate-limits",
                Map.of("scope", "user", "target", user.toString(), "capacity", 100, "refill_per_minute", 100));
        EchoClient client = EchoClient.join(admin, http, user, slug);
        assertThat(client.echo("store up").has("result")).isTrue();

        JsonNode refused;
        execute("alter table rate_limit_buckets rename to rate_limit_buckets_away");
        try {
            refused = client.echo("store gone");
        } finally {
            execute("alter table rate_limit_buckets_away rename to rate_limit_buckets");
        }

        assertThat(refused.at("/error/code").asInt()).as(refused.toString()).isEqualTo(-32001);
        assertThat(refused.at("/error/data/refused_by").asString()).isEqualTo("rate_limit");
        assertThat(refused.at("/error/message").asString()).contains("could not be made");
        assertThat(client.echo("store back").at("/result/content/0/text").asString())
                .isEqualTo("Echo: store back");
    }

    @Test
    void callWhenTheUserHasTheMostRunningThenTheNextIsRefusedOnThatServerAndPassesOnceItEnds() {
        TestHttp firstHttp = cluster.a().http();
        TestAdmin admin = TestAdmin.signIn(firstHttp);
        String slug = "busy-" + UUID.randomUUID().toString().substring(0, 8);
        UUID user = admin.createUser(slug);
        admin.publishEverything(slug, user, List.of("*"), List.of());
        EchoClient viaFirst = EchoClient.join(admin, firstHttp, user, slug);
        EchoClient viaSecond = EchoClient.join(admin, cluster.b().http(), user, slug);
        Duration wait = Duration.ofSeconds(30);

        JsonNode refused;
        JsonNode elsewhere;
        JsonNode finished;
        try (TestEventStream running = TestEventStream.open(
                firstHttp.clientBuilder().build(),
                TestEventStream.mcpRequest(firstHttp, viaFirst.token(), viaFirst.session())
                        .header("Content-Type", "application/json")
                        .POST(TestEventStream.json(Map.of(
                                "jsonrpc",
                                "2.0",
                                "id",
                                1,
                                "method",
                                "tools/call",
                                "params",
                                Map.of(
                                        "name",
                                        slug + "__trigger-long-running-operation",
                                        "arguments",
                                        Map.of("duration", 4, "steps", 4),
                                        "_meta",
                                        Map.of("progressToken", "long")))))
                        .build())) {
            JsonNode message = running.nextMessage(wait);
            while (!message.path("method").asString("").equals("notifications/progress")) {
                message = running.nextMessage(wait);
            }
            refused = viaFirst.echo("while one runs");
            elsewhere = viaSecond.echo("on the other server");
            do {
                message = running.nextMessage(wait);
            } while (message.has("method"));
            finished = message;
        }

        assertThat(refused.at("/error/data/refused_by").asString())
                .as(refused.toString())
                .isEqualTo("rate_limit");
        assertThat(refused.at("/error/data/retry_after_seconds").asLong()).isEqualTo(1);
        assertThat(refused.at("/error/message").asString()).contains("running");
        assertThat(elsewhere.has("result")).as(elsewhere.toString()).isTrue();
        assertThat(finished.has("result")).as(finished.toString()).isTrue();
        assertThat(viaFirst.echo("after it ended").has("result")).isTrue();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = cluster.database().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
