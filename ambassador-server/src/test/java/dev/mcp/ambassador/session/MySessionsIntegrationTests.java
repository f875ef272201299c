package dev.mcp.ambassador.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code /v1/me/sessions}: a user sees and ends only their own client sessions. */
class MySessionsIntegrationTests extends SharedServerTests {

    private static final String PASSWORD = "Silver-canyon-orbit-marble-58";

    @Test
    void meSessionsWhenTwoUsersHaveSessionsThenEachSeesAndEndsOnlyTheirOwn() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));
        Person alice = person(admin);
        Person bob = person(admin);
        String aliceSession = register(admin, alice, "alice laptop");
        register(admin, bob, "bob laptop");

        TestHttp.Reply mine = alice.http.send("GET", "/v1/me/sessions", null);
        assertThat(mine.status()).as(mine.body()).isEqualTo(200);
        assertThat(mine.json().size()).isEqualTo(1);
        assertThat(mine.json().get(0).get("id").asString()).isEqualTo(aliceSession);
        assertThat(mine.json().get(0).get("client_name").asString()).isEqualTo("alice laptop");
        assertThat(mine.body()).doesNotContain("bob laptop");

        TestHttp.Reply stolen = bob.http.send(
                "DELETE", "/v1/me/sessions/" + aliceSession, null, "X-XSRF-TOKEN", bob.http.cookie("XSRF-TOKEN"));
        assertThat(stolen.status()).isEqualTo(404);
        assertThat(alice.http.send("GET", "/v1/me/sessions", null).json().size())
                .isEqualTo(1);

        TestHttp.Reply ended = alice.http.send(
                "DELETE", "/v1/me/sessions/" + aliceSession, null, "X-XSRF-TOKEN", alice.http.cookie("XSRF-TOKEN"));
        assertThat(ended.status()).as(ended.body()).isEqualTo(204);
        assertThat(alice.http.send("GET", "/v1/me/sessions", null).json().size())
                .isZero();
        assertThat(bob.http.send("GET", "/v1/me/sessions", null).json().size()).isEqualTo(1);
    }

    @Test
    void meSessionsWhenDeletedWithoutCsrfHeaderThenRefused() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));
        Person carol = person(admin);
        String session = register(admin, carol, "carol laptop");

        TestHttp.Reply reply = carol.http.send("DELETE", "/v1/me/sessions/" + session, null);

        assertThat(reply.status()).isEqualTo(403);
        assertThat(carol.http.send("GET", "/v1/me/sessions", null).json().size())
                .isEqualTo(1);
    }

    private record Person(UUID id, TestHttp http) {}

    private Person person(TestAdmin admin) {
        String username = "me-" + UUID.randomUUID().toString().substring(0, 8);
        UUID id = UUID.fromString(admin.create(
                        "/v1/admin/users", Map.of("username", username, "password", PASSWORD, "roles", List.of("USER")))
                .get("id")
                .asString());
        TestHttp http = new TestHttp(port, DATA_DIR);
        TestHttp.Reply login = http.send("POST", "/v1/auth/login", Map.of("username", username, "password", PASSWORD));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return new Person(id, http);
    }

    private String register(TestAdmin admin, Person person, String clientName) {
        TestHttp.Reply registered = person.http.send(
                "POST",
                "/v1/sessions/register",
                Map.of("preshared_key", admin.issuePresharedKey(person.id()), "client_name", clientName));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        return registered.json().get("session_id").asString();
    }
}
