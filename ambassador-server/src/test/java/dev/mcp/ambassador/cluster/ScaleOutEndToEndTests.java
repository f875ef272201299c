package dev.mcp.ambassador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.Concurrently;
import dev.mcp.ambassador.support.EchoClient;
import dev.mcp.ambassador.support.ReplicaCluster;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestEventStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Two ambassador server processes (replicas A and B) on one external PostgreSQL: what an admin
 * changes through A takes effect on B within a second, both list each other, the audit trail both
 * write to stays verifiable, and a user's rate limit spent through both at once lets through exactly
 * its capacity.
 */
class ScaleOutEndToEndTests {

    private static final Duration PROPAGATION = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(30);
    // Short against the one second a change may take, long enough not to keep a core busy asking.
    private static final Duration POLL = Duration.ofMillis(20);

    @RegisterExtension
    static final ReplicaCluster cluster = ReplicaCluster.together(Map.of(
            // Budgets every replica takes from, as docs/operations.md asks of replicas.
            "ambassador.rate-limit.store", "postgresql"));

    @Test
    void killSwitchWhenSetThroughAThenTheNextRequestOnBIsRefusedWithinOneSecond() {
        TestAdmin admin = TestAdmin.signIn(cluster.a().http());
        EchoClient onB = EchoClient.setUp(admin, cluster.b().http(), "kill");
        assertThat(onB.echo("before").has("result")).isTrue();

        admin.create(
                "/v1/admin/kill-switches",
                Map.of("scope", "user", "target", onB.user().toString(), "reason", "incident on A"));
        Instant set = Instant.now();

        JsonNode[] reply = new JsonNode[1];
        waitFor(() -> (reply[0] = onB.echo("after")).has("error"), PROPAGATION, "B to refuse");
        assertThat(Duration.between(set, Instant.now())).isLessThan(PROPAGATION);
        assertThat(reply[0].at("/error/data/refused_by").asString())
                .as(reply[0].toString())
                .isEqualTo("kill_switch");
    }

    @Test
    void presharedKeyWhenRevokedThroughAThenItsSessionIsRefusedOnBWithinOneSecond() {
        TestAdmin admin = TestAdmin.signIn(cluster.a().http());
        EchoClient onB = EchoClient.setUp(admin, cluster.b().http(), "revoke");
        assertThat(onB.echo("before").has("result")).isTrue();

        assertThat(admin.call("DELETE", "/v1/admin/preshared-keys/" + onB.keyId(), null)
                        .status())
                .isEqualTo(204);
        Instant revoked = Instant.now();

        waitFor(() -> onB.status("after") == 401, PROPAGATION, "B to refuse the revoked key's session");
        assertThat(Duration.between(revoked, Instant.now())).isLessThan(PROPAGATION);
    }

    @Test
    void grantWhenRemovedThroughAThenASessionOnBIsToldToListAgain() {
        TestAdmin admin = TestAdmin.signIn(cluster.a().http());
        EchoClient onB = EchoClient.setUp(admin, cluster.b().http(), "grant");
        JsonNode grants = admin.call("GET", "/v1/admin/grants", null).json();
        String grantId = null;
        for (JsonNode grant : grants) {
            if (onB.user().toString().equals(grant.path("user_id").asString())) {
                grantId = grant.get("id").asString();
            }
        }
        assertThat(grantId).isNotNull();

        try (TestEventStream stream = TestEventStream.open(
                cluster.b().http().clientBuilder().build(),
                TestEventStream.mcpRequest(cluster.b().http(), onB.token(), onB.session())
                        .GET()
                        .build())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.next(WAIT).orElseThrow().priming()).isTrue();

            assertThat(admin.call("DELETE", "/v1/admin/grants/" + grantId, null).status())
                    .isEqualTo(204);

            List<String> methods = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                methods.add(stream.nextMessage(WAIT).path("method").asString());
            }
            assertThat(methods).contains("notifications/tools/list_changed");
        }
        assertThat(onB.echo("no longer granted").at("/error/data/refused_by").asString())
                .isEqualTo("rbac");
    }

    @Test
    void replicasWhenBothRunThenEachListsBothAndTheAuditTrailBothWriteToVerifies() {
        TestAdmin adminOnA = TestAdmin.signIn(cluster.a().http());
        TestAdmin adminOnB = TestAdmin.signIn(cluster.b().http());
        EchoClient onA = EchoClient.setUp(adminOnA, cluster.a().http(), "audit-a");
        EchoClient onB = EchoClient.setUp(adminOnA, cluster.b().http(), "audit-b");
        for (int i = 0; i < 3; i++) {
            assertThat(onA.echo("on A " + i).has("result")).isTrue();
            assertThat(onB.echo("on B " + i).has("result")).isTrue();
        }

        for (TestAdmin admin : List.of(adminOnA, adminOnB)) {
            JsonNode replicas = admin.call("GET", "/v1/admin/replicas", null).json();
            assertThat(replicas).as(replicas.toString()).hasSize(2);
            assertThat(replicas.findValuesAsString("id")).doesNotHaveDuplicates();
            assertThat(replicas.findValues("self").stream().filter(JsonNode::asBoolean))
                    .hasSize(1);
            for (JsonNode replica : replicas) {
                assertThat(replica.get("address").asString()).isNotBlank();
                assertThat(replica.get("version").asString()).isNotBlank();
                assertThat(replica.has("started_at")).as(replica.toString()).isTrue();
                assertThat(replica.has("sessions")).isTrue();
                assertThat(replica.has("processes")).isTrue();
            }
        }

        JsonNode verified = adminOnB.call("GET", "/v1/audit/verify", null).json();
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
        assertThat(verified.get("checked").asLong()).isGreaterThan(12);
    }

    /**
     * SharedBudgetEndToEndTests spends a budget one call at a time; here both replicas take from it
     * at the same moment, so a budget that each replica counted for itself, or a take that was not
     * atomic in the database, would let more through.
     */
    @Test
    void userRateLimitWhenSpentThroughBothReplicasAtOnceThenExactlyItsCapacityPassesAndTheNextIsRefusedOnEither() {
        // Refilled at one a minute: no token comes back while the test runs.
        int capacity = 6;
        TestAdmin admin = TestAdmin.signIn(cluster.a().http());
        EchoClient onA = EchoClient.setUp(admin, cluster.a().http(), "budget");
        EchoClient onB = EchoClient.join(admin, cluster.b().http(), onA.user(), onA.slug());
        admin.create(
                "/v1/admin/rate-limits",
                Map.of("scope", "user", "target", onA.user().toString(), "capacity", capacity, "refill_per_minute", 1));

        List<JsonNode> replies = Concurrently.run(2 * capacity, i -> (i % 2 == 0 ? onA : onB).echo("at once " + i));

        assertThat(replies.stream().filter(reply -> reply.has("result")))
                .as(replies.toString())
                .hasSize(capacity);
        assertThat(replies.stream()
                        .filter(reply -> !reply.has("result"))
                        .map(reply -> reply.at("/error/data/refused_by").asString()))
                .as(replies.toString())
                .hasSize(capacity)
                .containsOnly("rate_limit");
        for (EchoClient client : List.of(onA, onB)) {
            JsonNode refused = client.echo("one more");
            assertThat(refused.at("/error/data/refused_by").asString())
                    .as(refused.toString())
                    .isEqualTo("rate_limit");
            assertThat(refused.at("/error/data/retry_after_seconds").asLong()).isBetween(1L, 60L);
        }
    }

    private static void waitFor(BooleanSupplier condition, Duration within, String what) {
        Instant deadline = Instant.now().plus(within);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
            LockSupport.parkNanos(POLL.toNanos());
        }
    }
}
