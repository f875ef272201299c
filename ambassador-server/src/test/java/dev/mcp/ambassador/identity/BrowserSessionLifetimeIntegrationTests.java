package dev.mcp.ambassador.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestServerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A browser session ends at its absolute lifetime even while it is in constant use, which keeps
 * resetting its idle timeout. Runs a server of its own with a lifetime of a few seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserSessionLifetimeIntegrationTests {

    private static final Path DATA_DIR = TestServerSettings.newDataDirectory();
    private static final Duration LIFETIME = Duration.ofSeconds(3);
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void shortLivedBrowserSessions(DynamicPropertyRegistry registry) {
        TestServerSettings.register(registry, DATA_DIR);
        registry.add("ambassador.auth.browser-session-max-lifetime", LIFETIME::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void sessionWhenUsedWithoutPauseThenItStillEndsAtItsAbsoluteLifetime() throws InterruptedException {
        TestHttp browser = new TestHttp(port, DATA_DIR);
        Instant before = Instant.now();
        assertThat(signIn(browser)).isEqualTo(200);
        String cookie = browser.cookie("AMBASSADOR_SESSION");

        int used = 0;
        int status = browser.send("GET", "/v1/me", null).status();
        Instant deadline = Instant.now().plus(DEADLINE);
        while (status == 200 && Instant.now().isBefore(deadline)) {
            used++;
            assertThat(browser.cookie("AMBASSADOR_SESSION"))
                    .as("the same session all along, never renewed")
                    .isEqualTo(cookie);
            Thread.sleep(100);
            status = browser.send("GET", "/v1/me", null).status();
        }
        Duration lived = Duration.between(before, Instant.now());

        assertThat(status).as("the session ended within " + DEADLINE).isEqualTo(401);
        assertThat(used).as("the session was in use until it ended").isPositive();
        assertThat(lived).as("not before its lifetime").isGreaterThanOrEqualTo(LIFETIME);
        assertThat(signIn(browser)).as("signing in again starts a new session").isEqualTo(200);
        assertThat(browser.send("GET", "/v1/me", null).status()).isEqualTo(200);
    }

    private static int signIn(TestHttp browser) {
        return browser.send(
                        "POST",
                        "/v1/auth/login",
                        Map.of(
                                "username",
                                TestServerSettings.ADMIN_USERNAME,
                                "password",
                                TestServerSettings.ADMIN_PASSWORD))
                .status();
    }
}
