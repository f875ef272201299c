package dev.mcp.ambassador.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestMcp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A key revoked or a user suspended while a registration with it is in flight yields no working
 * token; and a revocation the server did not make itself (another replica, a direct change) still
 * reaches the token check and the heartbeat.
 */
class RegistrationRevocationRaceIntegrationTests extends SharedServerTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private TestHttp http;
    private TestAdmin admin;
    private UUID user;
    private String presharedKey;
    private UUID keyId;

    @BeforeEach
    void setUp() {
        http = new TestHttp(port, DATA_DIR);
        admin = TestAdmin.signIn(http);
        user = admin.createUser("racer-" + UUID.randomUUID().toString().substring(0, 8));
        presharedKey = admin.issuePresharedKey(user);
        keyId = jdbc.sql("select id from preshared_keys where user_id = ?")
                .param(user)
                .query(UUID.class)
                .single();
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void registerWhenKeyRevokedWhileRegistrationIsInFlightThenTheResultingTokenIsRefused() throws Exception {
        TestHttp.Reply registration;
        TestHttp.Reply revocation;
        try (Connection blocker = dataSource.getConnection()) {
            // Hold the user's row so the registration stalls inside the database, mid-flight.
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("select 1 from users where id = ? for update")) {
                lock.setObject(1, user);
                lock.execute();
            }
            CompletableFuture<TestHttp.Reply> registering = CompletableFuture.supplyAsync(
                    () -> http.send(
                            "POST",
                            "/v1/sessions/register",
                            Map.of("preshared_key", presharedKey, "client_name", "race test")),
                    threads);
            awaitCondition(() -> lockWaiters() >= 1, "the registration to wait on the held row");

            CompletableFuture<TestHttp.Reply> revoking = CompletableFuture.supplyAsync(
                    () -> admin.call("DELETE", "/v1/admin/preshared-keys/" + keyId, null), threads);
            awaitCondition(() -> revoking.isDone() || lockWaiters() >= 2, "the revocation to finish or wait");
            blocker.commit();

            registration = registering.get(60, TimeUnit.SECONDS);
            revocation = revoking.get(60, TimeUnit.SECONDS);
        }

        assertThat(revocation.status()).as(revocation.body()).isEqualTo(204);
        assertThat(registration.status()).as(registration.body()).isIn(201, 401);
        if (registration.status() == 201) {
            String token = registration.json().get("session_token").asString();
            assertThat(heartbeat(token).status()).as("heartbeat").isEqualTo(401);
            assertThat(initialize(token)).as("/mcp").isEqualTo(401);
        }
    }

    @Test
    void heartbeatWhenKeyRevokedBehindTheServersBackThenRefused() {
        String token = register();

        jdbc.sql("update preshared_keys set revoked_at = now() where id = ?")
                .param(keyId)
                .update();

        assertThat(heartbeat(token).status()).isEqualTo(401);
    }

    @Test
    void heartbeatWhenUserSuspendedBehindTheServersBackThenRefused() {
        String token = register();

        jdbc.sql("update users set status = 'suspended' where id = ?")
                .param(user)
                .update();

        assertThat(heartbeat(token).status()).isEqualTo(401);
    }

    @Test
    void tokenWhenKeyRevokedBehindTheServersBackThenRefusedOnMcpOnceTheRevocationsAreReread() {
        String token = register();
        assertThat(initialize(token)).isEqualTo(200);

        jdbc.sql("update preshared_keys set revoked_at = now() where id = ?")
                .param(keyId)
                .update();

        awaitCondition(() -> initialize(token) == 401, "/mcp to refuse the token of the revoked key");
    }

    @Test
    void tokenWhenUserSuspendedBehindTheServersBackThenRefusedOnMcpOnceTheRevocationsAreReread() {
        String token = register();
        assertThat(initialize(token)).isEqualTo(200);

        jdbc.sql("update users set status = 'suspended' where id = ?")
                .param(user)
                .update();

        awaitCondition(() -> initialize(token) == 401, "/mcp to refuse the token of the suspended user");
    }

    private String register() {
        TestHttp.Reply reply = http.send(
                "POST", "/v1/sessions/register", Map.of("preshared_key", presharedKey, "client_name", "race test"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json().get("session_token").asString();
    }

    private TestHttp.Reply heartbeat(String token) {
        return http.send("POST", "/v1/sessions/heartbeat", null, "Authorization", "Bearer " + token);
    }

    private int initialize(String token) {
        return new TestMcp(http)
                .post(token, null, TestMcp.initializeMessage("2025-11-25"))
                .status();
    }

    private int lockWaiters() {
        return jdbc.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and datname = current_database()")
                .query(Integer.class)
                .single();
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
