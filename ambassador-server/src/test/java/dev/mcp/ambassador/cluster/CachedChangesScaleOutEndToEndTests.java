package dev.mcp.ambassador.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.EchoClient;
import dev.mcp.ambassador.support.ReplicaCluster;
import dev.mcp.ambassador.support.TestAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * What each replica keeps in memory of the catalog and the rate limits follows a change made
 * through another replica within a second: two ambassador server processes (A and B) on one
 * external PostgreSQL, changes made through A's admin API, calls made on B.
 */
class CachedChangesScaleOutEndToEndTests {

    private static final Duration PROPAGATION = Duration.ofSeconds(1);

    @RegisterExtension
    static final ReplicaCluster cluster = ReplicaCluster.together(Map.of());

    @Test
    void catalogEntryWhenArchivedThroughAThenTheNextCallOnBIsRefusedWithinOneSecond() {
        TestAdmin admin = TestAdmin.signIn(cluster.a().http());
        EchoClient onB = EchoClient.setUp(admin, cluster.b().http(), "catalog");
        assertThat(onB.echo("before").has("result")).isTrue();

        assertThat(admin.call("PATCH", "/v1/admin/servers/" + onB.slug(), Map.of("status", "archived"))
                        .status())
                .isEqualTo(200);
        Instant changed = Instant.now();

        JsonNode[] reply = new JsonNode[1];
        waitFor(() -> (reply[0] = onB.echo("after")).has("error"), "B to stop offering the archived server");
        assertThat(Duration.between(changed, Instant.now())).isLessThan(PROPAGATION);
        assertThat(reply[0].at("/error/data/refused_by").asString())
                .as(reply[0].toString())
                .isEqualTo("rbac");
    }

    @Test
    void rateLimitWhenMadeThroughAThenItAppliesOnBWithinOneSecond() {
        TestAdmin admin = TestAdmin.signIn(cluster.a().http());
        EchoClient onB = EchoClient.setUp(admin, cluster.b().http(), "limit");
        assertThat(onB.echo("before").has("result")).isTrue();

        admin.create(
                "/v1/admin/rate-limits",
                Map.of("scope", "user", "target", onB.user().toString(), "capacity", 1, "refill_per_minute", 1));
        Instant made = Instant.now();

        // The new budget holds one call; once B applies the limit, the call after it is refused.
        JsonNode[] reply = new JsonNode[1];
        waitFor(() -> (reply[0] = onB.echo("after")).has("error"), "B to apply the limit");
        assertThat(Duration.between(made, Instant.now())).isLessThan(PROPAGATION);
        assertThat(reply[0].at("/error/data/refused_by").asString())
                .as(reply[0].toString())
                .isEqualTo("rate_limit");
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(PROPAGATION);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
        }
    }
}
