package dev.mcp.ambassador.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.Concurrently;
import dev.mcp.ambassador.support.ProxiedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestServerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Floods of bogus credentials cost the server little: a presented API key costs no Argon2id at
 * all, failures are throttled per address, and the Argon2id work that passwords still need runs
 * behind a bounded gate. Each test speaks from addresses of its own.
 */
class FrontDoorFloodIntegrationTests extends ProxiedServerTests {

    /** Failed API-key attempts allowed per address and window, as docs/security.md states. */
    private static final int API_KEY_FAILURES_PER_WINDOW = 10;

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    PasswordHasher hasher;

    @Test
    void apiKeyWhenTwoHundredConcurrentBogusKeysThenNoArgon2RunsTheAddressIsThrottledAndAValidKeyStillWorks() {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        // HTTP/1.1, one connection per request in flight: all 200 really reach the server at once.
        HttpClient flood =
                http.clientBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long before = hasher.verifications();

        List<Integer> statuses = Concurrently.run(
                200,
                i -> send(
                        flood,
                        HttpRequest.newBuilder(http.uri("/v1/me"))
                                .header(
                                        "Authorization",
                                        "Bearer " + (i % 2 == 0 ? wellFormedBogusKey() : "amb_ak_not-a-key-" + i))
                                .header("X-Forwarded-For", "203.0.113.77")
                                .build()));

        assertThat(hasher.verifications() - before)
                .as("Argon2id verifications spent on 200 bogus API keys")
                .isZero();
        assertThat(statuses).allMatch(status -> status == 401 || status == 429);
        assertThat(statuses.stream().filter(status -> status == 401).count())
                .as("refusals that were actually checked")
                .isLessThanOrEqualTo(API_KEY_FAILURES_PER_WINDOW);
        assertThat(admin.call("GET", "/v1/me", null).status()).isEqualTo(200);
    }

    @Test
    void apiKeyWhenABurstWithAKeyAlreadyAcceptedFromThatAddressThenNoneIsThrottled() {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        HttpClient burst =
                http.clientBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String address = "192.0.2.190";
        assertThat(send(burst, me(http, admin.apiKey(), address))).isEqualTo(200);

        List<Integer> statuses = Concurrently.run(100, i -> send(burst, me(http, admin.apiKey(), address)));

        assertThat(statuses).as("a script's parallel calls with its own key").containsOnly(200);
    }

    @Test
    void apiKeyWhenTheAddressSpentItsBudgetThenEvenAKeyAcceptedBeforeIsRefused() {
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestAdmin admin = TestAdmin.signIn(http);
        HttpClient client = http.clientBuilder().build();
        String address = "192.0.2.191";
        assertThat(send(client, me(http, admin.apiKey(), address))).isEqualTo(200);

        for (int i = 0; i < API_KEY_FAILURES_PER_WINDOW; i++) {
            assertThat(send(client, me(http, wellFormedBogusKey(), address))).isEqualTo(401);
        }

        assertThat(send(client, me(http, admin.apiKey(), address))).isEqualTo(429);
        assertThat(send(client, me(http, admin.apiKey(), "192.0.2.192"))).isEqualTo(200);
    }

    @Test
    void loginWhenFloodedFromManyAddressesThenArgon2RunsWithinTheGateAndTheServerStillSignsIn() {
        // This server allows one Argon2id computation at a time (see ProxiedServerTests).
        TestHttp http = new TestHttp(port, DATA_DIR);
        HttpClient flood =
                http.clientBuilder().version(HttpClient.Version.HTTP_1_1).build();
        hasher.resetPeakConcurrency();

        List<Integer> statuses = Concurrently.run(
                48,
                i -> send(
                        flood,
                        HttpRequest.newBuilder(http.uri("/v1/auth/login"))
                                .header("Content-Type", "application/json")
                                .header("X-Forwarded-For", "198.18.7." + (i + 1))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\""
                                        + TestServerSettings.ADMIN_USERNAME + "\",\"password\":\"Wrong-guess-" + i
                                        + "\"}"))
                                .build()));

        assertThat(hasher.peakConcurrency())
                .as("Argon2id computations running at once")
                .isLessThanOrEqualTo(hasher.concurrencyLimit());
        assertThat(statuses).allMatch(status -> status == 401 || status == 503);
        assertThat(http.send(
                                "POST",
                                "/v1/auth/login",
                                Map.of(
                                        "username",
                                        TestServerSettings.ADMIN_USERNAME,
                                        "password",
                                        TestServerSettings.ADMIN_PASSWORD),
                                "X-Forwarded-For",
                                "198.18.8.1")
                        .status())
                .isEqualTo(200);
    }

    private static HttpRequest me(TestHttp http, String apiKey, String address) {
        return HttpRequest.newBuilder(http.uri("/v1/me"))
                .header("Authorization", "Bearer " + apiKey)
                .header("X-Forwarded-For", address)
                .build();
    }

    private static int send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String wellFormedBogusKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return OpaqueKeys.API_KEY + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
