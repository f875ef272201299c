package dev.mcp.ambassador.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import dev.mcp.ambassador.support.TestServerSettings;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Passwords, browser sessions and CSRF on the real server. */
class IdentityIntegrationTests extends SharedServerTests {

    private static final String STRONG = "Vermilion-otter-juggles-47-lanterns";

    @Autowired
    JdbcClient jdbc;

    @Test
    void createUserWhenPasswordIsWeakThenRefusedWithFeedbackNamingThePasswordField() {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));

        TestHttp.Reply reply = admin.call(
                "POST",
                "/v1/admin/users",
                Map.of("username", "weak-" + suffix(), "password", "password1234", "roles", List.of("USER")));

        assertThat(reply.status()).isEqualTo(400);
        JsonNode error = reply.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("password");
        assertThat(error.get("message").asString())
                .startsWith("is too easy to guess")
                .hasSizeGreaterThan(30);
        assertThat(reply.body()).doesNotContain("password1234");
    }

    @Test
    void changePasswordWhenNewOneIsStrongThenOldOneStopsWorking() {
        String username = userWithPassword(STRONG);
        TestHttp browser = signedIn(username, STRONG);
        String csrf = browser.cookie("XSRF-TOKEN");

        TestHttp.Reply weak = browser.send(
                "PUT",
                "/v1/me/password",
                Map.of("current_password", STRONG, "new_password", "qwertyuiop12"),
                "X-XSRF-TOKEN",
                csrf);
        TestHttp.Reply wrongCurrent = browser.send(
                "PUT",
                "/v1/me/password",
                Map.of("current_password", "Not-the-password-42", "new_password", "Saffron-kettle-orbits-93-mice"),
                "X-XSRF-TOKEN",
                csrf);
        TestHttp.Reply changed = browser.send(
                "PUT",
                "/v1/me/password",
                Map.of("current_password", STRONG, "new_password", "Saffron-kettle-orbits-93-mice"),
                "X-XSRF-TOKEN",
                csrf);

        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.json().at("/errors/0/field").asString()).isEqualTo("password");
        assertThat(wrongCurrent.status()).isEqualTo(400);
        assertThat(wrongCurrent.json().at("/errors/0/field").asString()).isEqualTo("current_password");
        assertThat(changed.status()).isEqualTo(204);
        assertThat(login(new TestHttp(port, DATA_DIR), username, STRONG).status())
                .isEqualTo(401);
        assertThat(login(new TestHttp(port, DATA_DIR), username, "Saffron-kettle-orbits-93-mice")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void loginWhenStoredHashUsesOldParametersThenItIsUpgraded() {
        String username = userWithPassword(STRONG);
        String weak = Password.hash(STRONG)
                .addRandomSalt(16)
                .with(Argon2Function.getInstance(4096, 1, 1, 32, Argon2.ID, 19))
                .getResult();
        jdbc.sql("update users set password_hash = ? where username = ?")
                .params(weak, username)
                .update();

        assertThat(login(new TestHttp(port, DATA_DIR), username, STRONG).status())
                .isEqualTo(200);

        String stored = jdbc.sql("select password_hash from users where username = ?")
                .param(username)
                .query(String.class)
                .single();
        assertThat(stored).isNotEqualTo(weak).contains("m=19456,t=2,p=1");
        assertThat(login(new TestHttp(port, DATA_DIR), username, STRONG).status())
                .isEqualTo(200);
    }

    @Test
    void loginWhenSuccessfulThenCookiesAreHttpOnlySecureAndStrict() {
        TestHttp browser = new TestHttp(port, DATA_DIR);

        TestHttp.Reply reply = login(browser, TestServerSettings.ADMIN_USERNAME, TestServerSettings.ADMIN_PASSWORD);

        List<String> cookies = reply.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("set-cookie"))
                .flatMap(e -> e.getValue().stream())
                .toList();
        String session = cookies.stream()
                .filter(c -> c.startsWith("AMBASSADOR_SESSION="))
                .findFirst()
                .orElseThrow();
        String csrf = cookies.stream()
                .filter(c -> c.startsWith("XSRF-TOKEN="))
                .findFirst()
                .orElseThrow();
        assertThat(session)
                .containsIgnoringCase("; HttpOnly")
                .containsIgnoringCase("; Secure")
                .containsIgnoringCase("SameSite=Strict");
        assertThat(csrf)
                .containsIgnoringCase("; Secure")
                .containsIgnoringCase("SameSite=Strict")
                .doesNotContainIgnoringCase("HttpOnly");
    }

    @Test
    void mutationWhenCookieAuthenticatedWithoutMatchingCsrfHeaderThenForbidden() {
        TestHttp browser = signedIn(TestServerSettings.ADMIN_USERNAME, TestServerSettings.ADMIN_PASSWORD);
        Map<String, Object> user = Map.of("username", "csrf-" + suffix(), "roles", List.of("USER"));

        assertThat(browser.send("POST", "/v1/admin/users", user).status()).isEqualTo(403);
        assertThat(browser.send("POST", "/v1/admin/users", user, "X-XSRF-TOKEN", "forged")
                        .status())
                .isEqualTo(403);
        assertThat(browser.send("POST", "/v1/admin/users", user, "X-XSRF-TOKEN", browser.cookie("XSRF-TOKEN"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void loginWhenSessionCookieAlreadyPresentThenSessionIdChangesAndTheOldOneIsDead() {
        TestHttp browser = signedIn(TestServerSettings.ADMIN_USERNAME, TestServerSettings.ADMIN_PASSWORD);
        String before = browser.cookie("AMBASSADOR_SESSION");

        assertThat(login(browser, TestServerSettings.ADMIN_USERNAME, TestServerSettings.ADMIN_PASSWORD)
                        .status())
                .isEqualTo(200);
        String after = browser.cookie("AMBASSADOR_SESSION");

        assertThat(after).isNotNull().isNotEqualTo(before);
        assertThat(withOnlySessionCookie(before).status()).isEqualTo(401);
        assertThat(withOnlySessionCookie(after).status()).isEqualTo(200);
    }

    @Test
    void logoutWhenDoneThenTheSessionCookieNoLongerWorks() {
        TestHttp browser = signedIn(TestServerSettings.ADMIN_USERNAME, TestServerSettings.ADMIN_PASSWORD);
        String session = browser.cookie("AMBASSADOR_SESSION");

        assertThat(browser.send("POST", "/v1/auth/logout", null, "X-XSRF-TOKEN", browser.cookie("XSRF-TOKEN"))
                        .status())
                .isEqualTo(204);

        assertThat(withOnlySessionCookie(session).status()).isEqualTo(401);
    }

    @Test
    void meWhenSignedInThenShowsTheProfileWithoutSecrets() {
        String username = userWithPassword(STRONG);
        TestHttp browser = signedIn(username, STRONG);

        TestHttp.Reply me = browser.send("GET", "/v1/me", null);

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo(username);
        assertThat(me.body()).doesNotContain("argon2", "password");
    }

    private String userWithPassword(String password) {
        TestAdmin admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));
        String username = "person-" + suffix();
        admin.create("/v1/admin/users", Map.of("username", username, "password", password, "roles", List.of("USER")));
        return username;
    }

    private TestHttp signedIn(String username, String password) {
        TestHttp browser = new TestHttp(port, DATA_DIR);
        assertThat(login(browser, username, password).status()).isEqualTo(200);
        return browser;
    }

    private static TestHttp.Reply login(TestHttp browser, String username, String password) {
        return browser.send("POST", "/v1/auth/login", Map.of("username", username, "password", password));
    }

    private TestHttp.Reply withOnlySessionCookie(String session) {
        return new TestHttp(port, DATA_DIR).send("GET", "/v1/auth/me", null, "Cookie", "AMBASSADOR_SESSION=" + session);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
