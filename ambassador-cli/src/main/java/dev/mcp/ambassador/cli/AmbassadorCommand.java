package dev.mcp.ambassador.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code ambassador} command line. Subcommands are added as they are built. */
@Command(
        name = "ambassador",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        description = "Command-line client for MCP Ambassador, a TLS-only broker for the Model Context Protocol.")
public final class AmbassadorCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new AmbassadorCommand()).execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new AmbassadorCommand());
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return CommandLine.ExitCode.OK;
    }
}
