package dev.mcp.ambassador.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.mcp.ambassador.redaction.Redactor;
import dev.mcp.ambassador.support.TestProperties;
import dev.mcp.ambassador.web.Problems;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.web.ErrorResponseException;

class BootstrapAdminTests {

    private final UserRepository users = mock(UserRepository.class);
    private final IdentityService identity = mock(IdentityService.class);
    private final FirstRunPassword firstRun = mock(FirstRunPassword.class);
    private final BootstrapAdmin bootstrap =
            new BootstrapAdmin(TestProperties.defaults(Path.of("unused")), users, identity, firstRun, new Redactor());

    @Test
    void runWhenAnotherServerCreatedTheAdministratorMeanwhileThenThisOneStartsWithoutIt() {
        when(users.anyWithRole(Role.ADMIN)).thenReturn(false, true);
        when(identity.createUser(eq("admin"), any(), any(), anySet()))
                .thenThrow(Problems.conflict("A user named 'admin' already exists."));

        assertThatCode(() -> bootstrap.run(new DefaultApplicationArguments())).doesNotThrowAnyException();
        verify(firstRun, never()).markGenerated(any());
    }

    @Test
    void runWhenTheNameIsTakenByAUserWhoIsNoAdministratorThenStartingFails() {
        when(users.anyWithRole(Role.ADMIN)).thenReturn(false);
        when(identity.createUser(eq("admin"), any(), any(), anySet()))
                .thenThrow(Problems.conflict("A user named 'admin' already exists."));

        assertThatThrownBy(() -> bootstrap.run(new DefaultApplicationArguments()))
                .isInstanceOf(ErrorResponseException.class)
                .hasMessageContaining("already exists");
    }
}
