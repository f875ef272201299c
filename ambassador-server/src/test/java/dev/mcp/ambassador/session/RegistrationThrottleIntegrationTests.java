package dev.mcp.ambassador.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.ProxiedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
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

    private static TestHttp.Reply register(TestHttp http, String key, String from) {
        return http.send(
                "POST",
                "/v1/sessions/register",
                Map.of("preshared_key", key, "client_name", "throttle test"),
                "X-Forwarded-For",
                from);
    }
}
