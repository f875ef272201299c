package dev.mcp.ambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AmbassadorCommandTests {

    private final StringWriter out = new StringWriter();

    private final StringWriter err = new StringWriter();

    private CommandLine commandLine;

    @BeforeEach
    void setUp() {
        commandLine = AmbassadorCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
    }

    @Test
    void executeWhenVersionOptionThenPrintsVersionAndExitsZero() {
        int exitCode = commandLine.execute("--version");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).startsWith("ambassador ").doesNotContain("null");
        assertThat(out.toString().strip()).isNotEqualTo("ambassador");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void executeWhenHelpOptionThenPrintsUsageAndExitsZero() {
        int exitCode = commandLine.execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString()).contains("Usage: ambassador").contains("--version");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void executeWhenUnknownOptionThenPrintsUsageErrorAndExitsTwo() {
        int exitCode = commandLine.execute("--no-such-option");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString())
                .contains("Unknown option: '--no-such-option'")
                .contains("Usage: ambassador");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void executeWhenHelpOnAnyCommandThenPrintsItsUsageAndExitsZero() {
        List<List<String>> paths = new ArrayList<>();
        collect(commandLine, new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(40);

        for (List<String> path : paths) {
            CommandLine fresh = AmbassadorCommand.commandLine();
            StringWriter usage = new StringWriter();
            fresh.setOut(new PrintWriter(usage, true));
            List<String> arguments = new ArrayList<>(path);
            arguments.add("--help");

            int exitCode = fresh.execute(arguments.toArray(String[]::new));

            assertThat(exitCode).as("%s --help", path).isZero();
            assertThat(usage.toString()).as("%s --help", path).contains("Usage: ambassador");
        }
    }

    @Test
    void completionWhenRunThenPrintsABashScriptCoveringTheCommands() {
        int exitCode = commandLine.execute("completion");

        assertThat(exitCode).isZero();
        assertThat(out.toString())
                .contains("complete -F")
                .contains("connect")
                .contains("kill")
                .contains("--ca-file");
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            collect(sub, deeper, paths);
        });
    }

    @Test
    void versionWhenNoManifestVersionThenDevelopment() {
        assertThat(ManifestVersionProvider.version()).isEqualTo(ManifestVersionProvider.DEVELOPMENT_VERSION);
    }
}
