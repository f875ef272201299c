package dev.mcp.ambassador.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.config.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class FirstRunPasswordTests {

    @TempDir
    Path temp;

    private DataDirectory dataDirectory;
    private final UUID admin = UUID.randomUUID();

    @BeforeEach
    void dataDirectory() {
        AmbassadorProperties properties = new Binder(new MapConfigurationPropertySource(
                        Map.of("ambassador.data-dir", temp.resolve("data").toString())))
                .bindOrCreate("ambassador", AmbassadorProperties.class);
        dataDirectory = new DataDirectory(properties);
    }

    @Test
    void changeRequiredWhenMarkedThenOnlyForThatUserAndAfterRestart() throws IOException {
        new FirstRunPassword(dataDirectory).markGenerated(admin);

        FirstRunPassword restarted = new FirstRunPassword(dataDirectory);

        assertThat(restarted.changeRequired(admin)).isTrue();
        assertThat(restarted.changeRequired(UUID.randomUUID())).isFalse();
        Path mark = dataDirectory.root().resolve(FirstRunPassword.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mark)))
                .isEqualTo("rw-------");
    }

    @Test
    void passwordChangedWhenMarkedUserChangesThenRequirementGoneForGood() {
        FirstRunPassword firstRun = new FirstRunPassword(dataDirectory);
        firstRun.markGenerated(admin);

        firstRun.passwordChanged(admin);

        assertThat(firstRun.changeRequired(admin)).isFalse();
        assertThat(new FirstRunPassword(dataDirectory).changeRequired(admin)).isFalse();
        assertThat(dataDirectory.root().resolve(FirstRunPassword.FILE_NAME)).doesNotExist();
    }

    @Test
    void passwordChangedWhenAnotherUserChangesThenStillRequired() {
        FirstRunPassword firstRun = new FirstRunPassword(dataDirectory);
        firstRun.markGenerated(admin);

        firstRun.passwordChanged(UUID.randomUUID());

        assertThat(firstRun.changeRequired(admin)).isTrue();
        assertThat(new FirstRunPassword(dataDirectory).changeRequired(admin)).isTrue();
    }

    @Test
    void changeRequiredWhenNeverMarkedThenFalse() {
        assertThat(new FirstRunPassword(dataDirectory).changeRequired(admin)).isFalse();
    }

    @Test
    void constructorWhenMarkDamagedThenRefusesToStart() throws IOException {
        Files.writeString(dataDirectory.root().resolve(FirstRunPassword.FILE_NAME), "not-a-user-id");

        assertThatThrownBy(() -> new FirstRunPassword(dataDirectory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold a user id");
    }
}
