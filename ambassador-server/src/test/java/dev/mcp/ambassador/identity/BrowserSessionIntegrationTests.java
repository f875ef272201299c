package dev.mcp.ambassador.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.support.SharedServerTests;
import dev.mcp.ambassador.support.TestAdmin;
import dev.mcp.ambassador.support.TestHttp;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser session holds no more than its user's rights right now: suspension, deletion, a role
 * change and a password change end the user's other browser sessions.
 */
class BrowserSessionIntegrationTests extends SharedServerTests {

    private static final String PASSWORD = "Copper-kettle-whistles-at-dawn-62";

    private TestAdmin admin;
    private String username;
    private UUID userId;

    @BeforeEach
    void setUp() {
        admin = TestAdmin.signIn(new TestHttp(port, DATA_DIR));
        username = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        userId = UUID.fromString(admin.create(
                        "/v1/admin/users",
                        Map.of("username", username, "password", PASSWORD, "roles", List.of("ADMIN", "USER")))
                .get("id")
                .asString());
    }

    @Test
    void sessionWhenUserSuspendedThenItEnds() {
        TestHttp browser = signedIn(PASSWORD);
        assertThat(browser.send("GET", "/v1/me", null).status()).isEqualTo(200);

        assertThat(admin.call("PATCH", "/v1/admin/users/" + userId, Map.of("status", "suspended"))
                        .status())
                .isEqualTo(200);

        assertThat(browser.send("GET", "/v1/me", null).status()).isEqualTo(401);
    }

    @Test
    void sessionWhenUserDeletedThenItEnds() {
        TestHttp browser = signedIn(PASSWORD);
        assertThat(browser.send("GET", "/v1/me", null).status()).isEqualTo(200);

        assertThat(admin.call("DELETE", "/v1/admin/users/" + userId, null).status())
                .isEqualTo(204);

        assertThat(browser.send("GET", "/v1/me", null).status()).isEqualTo(401);
    }

    @Test
    void sessionWhenRoleRemovedThenItEndsAndAdminPagesAreRefused() {
        TestHttp browser = signedIn(PASSWORD);
        assertThat(browser.send("GET", "/v1/admin/users", null).status()).isEqualTo(200);

        assertThat(admin.call("PATCH", "/v1/admin/users/" + userId, Map.of("roles", List.of("USER")))
                        .status())
                .isEqualTo(200);

        assertThat(browser.send("GET", "/v1/admin/users", null).status()).isEqualTo(401);
        TestHttp again = signedIn(PASSWORD);
        assertThat(again.send("GET", "/v1/admin/users", null).status())
                .as("signed in anew, with the roles the user has now")
                .isEqualTo(403);
    }

    @Test
    void sessionWhenPasswordChangedElsewhereThenItEndsButTheChangingSessionStays() {
        TestHttp changing = signedIn(PASSWORD);
        TestHttp other = signedIn(PASSWORD);
        String replacement = "Granite-swallows-circle-the-mill-93";

        TestHttp.Reply changed = changing.send(
                "PUT",
                "/v1/me/password",
                Map.of("current_password", PASSWORD, "new_password", replacement),
                "X-XSRF-TOKEN",
                changing.cookie("XSRF-TOKEN"));

        assertThat(changed.status()).as(changed.body()).isEqualTo(204);
        assertThat(changing.send("GET", "/v1/me", null).status()).isEqualTo(200);
        assertThat(other.send("GET", "/v1/me", null).status()).isEqualTo(401);
    }

    private TestHttp signedIn(String password) {
        TestHttp browser = new TestHttp(port, DATA_DIR);
        TestHttp.Reply login =
                browser.send("POST", "/v1/auth/login", Map.of("username", username, "password", password));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return browser;
    }
}
