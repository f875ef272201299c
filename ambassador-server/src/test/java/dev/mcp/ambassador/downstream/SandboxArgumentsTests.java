package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** One test per rule of the sandbox: each names what a child can or cannot reach. */
class SandboxArgumentsTests {

    private static final List<String> COMMAND = List.of("node", "server.js", "stdio");
    private static final Path DATA = Path.of("/srv/amb/data");
    private static final Path WORK = Path.of("/srv/amb");
    private static final Path HOME = Path.of("/srv/amb/data/sandboxes/s/u");

    private static SandboxArguments arguments(boolean network, OptionalInt childUid, List<Path> exposed) {
        return new SandboxArguments(
                "/usr/bin/bwrap",
                "/usr/bin/setpriv",
                "/usr/bin/prlimit",
                List.of(DATA, WORK, Path.of("/var/lib/amb")),
                exposed,
                HOME,
                network,
                childUid,
                new SandboxArguments.Limits(2048, 128, 256));
    }

    private static List<String> argv() {
        return arguments(true, OptionalInt.empty(), List.of()).toArgv(COMMAND);
    }

    @Test
    void toArgvWhenBuiltThenSystemIsReadOnlyAndBwrapComesFirst() {
        assertThat(argv().subList(0, 4)).containsExactly("/usr/bin/bwrap", "--ro-bind", "/", "/");
    }

    @Test
    void toArgvWhenBuiltThenCommandRunsLastUnchangedAfterTheLimits() {
        List<String> argv = argv();
        assertThat(argv.subList(argv.size() - COMMAND.size(), argv.size())).isEqualTo(COMMAND);
        int prlimit = argv.indexOf("/usr/bin/prlimit");
        assertThat(argv.subList(prlimit, prlimit + 5))
                .containsExactly(
                        "/usr/bin/prlimit", "--as=" + 2048L * 1024 * 1024, "--nproc=128", "--nofile=256", "--");
    }

    @Test
    void toArgvWhenNoMemoryLimitThenNoAddressSpaceLimitButTheOthers() {
        SandboxArguments unlimited = new SandboxArguments(
                "/usr/bin/bwrap",
                "/usr/bin/setpriv",
                "/usr/bin/prlimit",
                List.of(),
                List.of(),
                HOME,
                true,
                OptionalInt.empty(),
                new SandboxArguments.Limits(0, 128, 256));

        List<String> argv = unlimited.toArgv(COMMAND);

        assertThat(argv).noneMatch(argument -> argument.startsWith("--as=")).contains("--nproc=128", "--nofile=256");
    }

    @Test
    void toArgvWhenBuiltThenOwnDevProcAndPrivateTmp() {
        assertThat(pairs(argv()))
                .contains(List.of("--dev", "/dev"), List.of("--proc", "/proc"), List.of("--tmpfs", "/tmp"));
    }

    @Test
    void toArgvWhenBuiltThenHomesDataAndWorkingDirectoriesAreCoveredByEmptyFileSystems() {
        List<List<String>> pairs = pairs(argv());
        assertThat(pairs)
                .contains(
                        List.of("--tmpfs", "/home"),
                        List.of("--tmpfs", "/root"),
                        List.of("--tmpfs", WORK.toString()),
                        List.of("--tmpfs", "/var/lib/amb"));
    }

    @Test
    void toArgvWhenHiddenDirectoryLiesInsideAnotherThenOnlyTheOuterIsMounted() {
        // The data directory is inside the working directory: hiding the latter hides both.
        assertThat(pairs(argv())).doesNotContain(List.of("--tmpfs", DATA.toString()));
    }

    @Test
    void toArgvWhenPathsAreExposedThenTheyAreBoundReadOnlyAfterTheHiddenOnes() {
        Path peers = Path.of("/srv/amb/peers");
        List<String> argv = arguments(true, OptionalInt.empty(), List.of(peers)).toArgv(COMMAND);
        int hide = argv.indexOf(WORK.toString());
        int expose = argv.lastIndexOf(peers.toString()) - 2;
        assertThat(argv.subList(expose, expose + 3)).containsExactly("--ro-bind", peers.toString(), peers.toString());
        assertThat(expose).isGreaterThan(hide);
    }

    @Test
    void toArgvWhenExposedPathLiesDeepInAHiddenOneThenItsParentsAreMadePassable() {
        Path peers = Path.of("/srv/amb/src/test/peers");
        List<String> argv =
                arguments(true, OptionalInt.of(65534), List.of(peers)).toArgv(COMMAND);
        int first = argv.indexOf("/srv/amb/src");
        assertThat(argv.subList(first - 3, first + 5))
                .containsExactly(
                        "--perms", "0755", "--dir", "/srv/amb/src", "--perms", "0755", "--dir", "/srv/amb/src/test");
        assertThat(argv.indexOf(peers.toString())).isGreaterThan(first);
    }

    @Test
    void toArgvWhenBuiltThenPrivateHomeIsBoundWritableAndIsTheWorkingDirectory() {
        List<String> argv = argv();
        int bind = argv.indexOf("--bind");
        assertThat(argv.subList(bind, bind + 3)).containsExactly("--bind", HOME.toString(), SandboxArguments.HOME);
        assertThat(pairs(argv)).contains(List.of("--chdir", SandboxArguments.HOME));
        // Mounted after /home is emptied, or the empty /home would cover it.
        assertThat(bind).isGreaterThan(argv.indexOf("/home"));
    }

    @Test
    void toArgvWhenBuiltThenOwnPidIpcAndUtsNamespacesAndDiesWithTheServer() {
        assertThat(beforeCommand(argv()))
                .contains("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session");
    }

    @Test
    void toArgvWhenNetworkAllowedThenNetworkNamespaceIsShared() {
        assertThat(argv()).doesNotContain("--unshare-net");
    }

    @Test
    void toArgvWhenNetworkOffThenOwnEmptyNetworkNamespace() {
        assertThat(beforeCommand(
                        arguments(false, OptionalInt.empty(), List.of()).toArgv(COMMAND)))
                .contains("--unshare-net");
    }

    @Test
    void toArgvWhenNotRootThenUserNamespaceAndNoUidChange() {
        List<String> argv = argv();
        assertThat(argv).contains("--unshare-user").doesNotContain("/usr/bin/setpriv");
    }

    @Test
    void toArgvWhenRootThenChildDropsToTheDistinctUidWithoutCapabilitiesBeforeTheCommand() {
        List<String> argv = arguments(true, OptionalInt.of(65534), List.of()).toArgv(COMMAND);
        // A user namespace would map the child to root outside it.
        assertThat(argv).doesNotContain("--unshare-user");
        int setpriv = argv.indexOf("/usr/bin/setpriv");
        assertThat(setpriv).isGreaterThan(argv.indexOf("--new-session"));
        assertThat(argv.subList(setpriv, argv.indexOf("/usr/bin/prlimit")))
                .contains(
                        "--reuid=65534",
                        "--regid=65534",
                        "--clear-groups",
                        "--inh-caps=-all",
                        "--bounding-set=-all",
                        "--no-new-privs");
    }

    @Test
    void toArgvWhenBuiltThenNoEnvironmentValueIsOnTheCommandLine() {
        // Command lines are world-readable in /proc; the environment travels in bwrap's own.
        assertThat(argv()).doesNotContain("--setenv");
    }

    private static List<String> beforeCommand(List<String> argv) {
        return argv.subList(0, argv.indexOf("--"));
    }

    /** Each option with the value after it, for options that take one value. */
    private static List<List<String>> pairs(List<String> argv) {
        List<List<String>> pairs = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < argv.size(); i++) {
            pairs.add(List.of(argv.get(i), argv.get(i + 1)));
        }
        return Collections.unmodifiableList(pairs);
    }
}
