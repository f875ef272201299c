package dev.mcp.ambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigDirectoryTests {

    @TempDir
    Path temp;

    @Test
    void writePrivateWhenDirectoryMissingThenCreatesItOwnerOnlyWithAnOwnerOnlyFile() throws Exception {
        ConfigDirectory directory = new ConfigDirectory(temp.resolve("a/ambassador"));

        Path file = directory.writePrivate("config", "api_key=secret\n");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(file)).isEqualTo("api_key=secret\n");
    }

    @Test
    void writePrivateWhenDirectoryOpenToOthersThenTightensIt() throws Exception {
        Path open = Files.createDirectory(temp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));

        new ConfigDirectory(open).writePrivate("known_servers", "x\n");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open)))
                .isEqualTo("rwx------");
    }

    @Test
    void readSecretFileWhenGroupOrWorldReadableThenRefusesNamingTheChmod() throws Exception {
        for (String mode : new String[] {"rw-r-----", "rw----r--", "rw-rw-rw-"}) {
            Path key = temp.resolve("key-" + mode);
            Files.writeString(key, "amb_pk_secret");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));

            assertThatThrownBy(() -> ConfigDirectory.readSecretFile(key))
                    .isInstanceOf(CliException.class)
                    .hasMessageContaining("chmod 600 " + key)
                    .hasMessageNotContaining("amb_pk_secret")
                    .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.INSECURE_FILE));
        }
    }

    @Test
    void readSecretFileWhenOwnerOnlyThenReadsIt() throws Exception {
        Path key = temp.resolve("key");
        Files.writeString(key, "amb_pk_secret\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        assertThat(ConfigDirectory.readSecretFile(key)).isEqualTo("amb_pk_secret\n");
    }

    @Test
    void fromEnvironmentWhenNothingSetThenDotConfigUnderHome() {
        assertThat(ConfigDirectory.fromEnvironment(Map.of("HOME", "/home/ada")).path())
                .isEqualTo(Path.of("/home/ada/.config/ambassador"));
        assertThat(ConfigDirectory.fromEnvironment(Map.of("HOME", "/home/ada", "XDG_CONFIG_HOME", "/x"))
                        .path())
                .isEqualTo(Path.of("/x/ambassador"));
        assertThat(ConfigDirectory.fromEnvironment(Map.of("AMBASSADOR_CONFIG_DIR", "/y", "XDG_CONFIG_HOME", "/x"))
                        .path())
                .isEqualTo(Path.of("/y"));
    }
}
