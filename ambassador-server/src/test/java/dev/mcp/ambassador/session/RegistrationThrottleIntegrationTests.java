package dev.mcp.ambassador.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.Concurrently;
import dev.mcp.ambassador.support.ProxiedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guessing preshared keys is throttled per client address; each test speaks from addresses of its
 * own.
 */
class RegistrationThrottleIntegrationTests extends ProxiedServerTests {

    @Test
    void registerWhenTooManyFailuresFromOneAddressThenTooManyRequestsEvenForAGoodKey() {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        String goodKey = admin.issuePresharedKey(admin.createUser("throttled-dev"));
        String attacker = "198.51.100.7";

        for (int i = 0; i < RegistrationController.FAILURES_PER_WINDOW; i++) {
            assertThat(register(http, "amb_pk_" + "B".repeat(42) + i % 10, attacker)
                            .status())
                    .isEqualTo(401);
        }
        TestHttp.Reply throttled = register(http, "amb_pk_" + "C".repeat(43), attacker);
        TestHttp.Reply goodButThrottled = register(http, goodKey, attacker);

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
        assertThat(throttled.header("Content-Type")).startsWith("application/problem+json");
        assertThat(goodButThrottled.status()).as("no oracle while throttled").isEqualTo(429);
        assertThat(register(http, goodKey, "198.51.100.8").status())
                .as("another address")
                .isEqualTo(201);
    }

    @Test
    void registerWhenManyConcurrentFailuresFromOneAddressThenNoMoreAreCheckedThanTheBudget() {
        TestHttp http = new TestHttp(port, DATA_DIR);

        List<Integer> statuses =
                Concurrently.run(40, i -> register(http, "amb_pk_" + "D".repeat(41) + (10 + i), "198.51.100.40")
                        .status());

        assertThat(statuses).allMatch(status -> status == 401 || status == 429);
        assertThat(statuses.stream().filter(status -> status == 401).count())
                .as("attempts that were actually checked")
                .isLessThanOrEqualTo(RegistrationController.FAILURES_PER_WINDOW);
    }

    @Test
    void registerWhenFailuresSpreadOverOneIpv6SlashSixtyFourThenTheWholePrefixIsThrottled() {
        TestHttp http = new TestHttp(port, DATA_DIR);

        for (int i = 1; i <= RegistrationController.FAILURES_PER_WINDOW; i++) {
            assertThat(register(http, "amb_pk_" + "E".repeat(43), "2001:db8:40:1::" + Integer.toHexString(i))
                            .status())
                    .isEqualTo(401);
        }

        assertThat(register(http, "amb_pk_" + "E".repeat(43), "2001:db8:40:1:ffff:eeee:dddd:cccc")
                        .status())
                .as("another address in the same /64")
                .isEqualTo(429);
        assertThat(register(http, "amb_pk_" + "E".repeat(43), "2001:db8:40:2::1")
                        .status())
                .as("another /64")
                .isEqualTo(401);
    }

    private static TestHttp.Reply register(TestHttp http, String key, String from) {
        return http.send(
                "POST",
                "/v1/sessions/register",
                Map.of("preshared_key", key, "client_name", "throttle test"),
                "X-Forwarded-For",
                from);
    }
}
