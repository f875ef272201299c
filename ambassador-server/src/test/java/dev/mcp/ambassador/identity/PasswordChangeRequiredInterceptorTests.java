package dev.mcp.ambassador.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.ErrorResponseException;

class PasswordChangeRequiredInterceptorTests {

    private final UUID admin = UUID.randomUUID();
    private final FirstRunPassword firstRun = mock(FirstRunPassword.class);
    private final PasswordChangeRequiredInterceptor interceptor = new PasswordChangeRequiredInterceptor(firstRun);

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private void signedIn(boolean mustChange) {
        AuthenticatedUser user = new AuthenticatedUser(admin, "admin", EnumSet.of(Role.ADMIN, Role.USER));
        SecurityContextHolder.getContext().setAuthentication(user.toAuthentication());
        when(firstRun.changeRequired(admin)).thenReturn(mustChange);
    }

    private boolean handle(String method, String path) {
        return interceptor.preHandle(
                new MockHttpServletRequest(method, path), new MockHttpServletResponse(), new Object());
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/admin/users", "POST,/v1/admin/api-keys", "GET,/v1/me/tools", "DELETE,/v1/admin/grants/x"})
    void preHandleWhenGeneratedPasswordThenRefused(String method, String path) {
        signedIn(true);

        assertThatThrownBy(() -> handle(method, path)).isInstanceOfSatisfying(ErrorResponseException.class, e -> {
            assertThat(e.getStatusCode().value()).isEqualTo(403);
            assertThat(e.getBody().getType().toString()).endsWith("password-change-required");
        });
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/me", "PUT,/v1/me/password"})
    void preHandleWhenGeneratedPasswordAndReplacingItThenAllowed(String method, String path) {
        signedIn(true);

        assertThat(handle(method, path)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/admin/users", "POST,/v1/admin/api-keys"})
    void preHandleWhenPasswordReplacedThenAllowed(String method, String path) {
        signedIn(false);

        assertThat(handle(method, path)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"GET,/v1/admin/users"})
    void preHandleWhenNobodySignedInThenLeftToSecurity(String method, String path) {
        assertThat(handle(method, path)).isTrue();
    }
}
