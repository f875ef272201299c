package dev.mcp.ambassador.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.ProxiedServerTests;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestServerSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Password guessing is throttled per client address; each test speaks from addresses of its own.
 */
class LoginThrottleIntegrationTests extends ProxiedServerTests {

    @Test
    void loginWhenSixthFailureWithinFiveMinutesThenTooManyRequestsWithRetryAfter() {
        TestHttp http = new TestHttp(port, DATA_DIR);
        String from = "198.51.100.20";

        for (int i = 0; i < LoginThrottle.FAILURES_PER_WINDOW; i++) {
            assertThat(login(http, "Wrong-guess-number-" + i, from).status()).isEqualTo(401);
        }
        TestHttp.Reply sixth = login(http, "Wrong-guess-number-6", from);
        TestHttp.Reply rightButThrottled = login(http, TestServerSettings.ADMIN_PASSWORD, from);

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isPositive();
        assertThat(sixth.header("Content-Type")).startsWith("application/problem+json");
        assertThat(rightButThrottled.status()).as("no oracle while throttled").isEqualTo(429);
        assertThat(login(http, TestServerSettings.ADMIN_PASSWORD, "198.51.100.21")
                        .status())
                .as("another address")
                .isEqualTo(200);
    }

    @Test
    void loginWhenSucceedingRepeatedlyThenNeverThrottled() {
        TestHttp http = new TestHttp(port, DATA_DIR);

        for (int i = 0; i < LoginThrottle.FAILURES_PER_WINDOW + 2; i++) {
            assertThat(login(http, TestServerSettings.ADMIN_PASSWORD, "198.51.100.30")
                            .status())
                    .isEqualTo(200);
        }
    }

    private static TestHttp.Reply login(TestHttp http, String password, String from) {
        return http.send(
                "POST",
                "/v1/auth/login",
                Map.of("username", TestServerSettings.ADMIN_USERNAME, "password", password),
                "X-Forwarded-For",
                from);
    }
}
