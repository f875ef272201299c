package dev.mcp.ambassador.cli;

import dev.mcp.ambassador.cli.admin.AdminCommand;
import dev.mcp.ambassador.cli.admin.LoginCommand;
import dev.mcp.ambassador.cli.connect.ConnectCommand;
import dev.mcp.ambassador.cli.tls.TrustCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code ambassador} command line. */
@Command(
        name = "ambassador",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        description = "Command-line client for MCP Ambassador, a TLS-only broker for the Model Context Protocol.",
        subcommands = {
            ConnectCommand.class,
            LoginCommand.class,
            AdminCommand.class,
            TrustCommand.class,
            CompletionCommand.class
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  success",
            "  1  the server refused the request, or another failure",
            "  2  wrong usage (unknown option, missing argument)",
            "  3  not authenticated: no credentials, or the server did not accept them",
            "  4  a file holding a secret is readable by others (the message names the chmod that fixes it)",
            "  5  the server's certificate is not trusted (a changed CA, or a fingerprint mismatch)",
            "  6  the server could not be reached"
        })
public final class AmbassadorCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the CLI's error handling: messages, never stack traces. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new AmbassadorCommand());
        commandLine.setExecutionExceptionHandler((failure, line, parseResult) -> {
            if (failure instanceof CliException cli) {
                line.getErr().println("ambassador: " + Secrets.mask(cli.getMessage()));
                return cli.exitCode();
            }
            line.getErr()
                    .println("ambassador: " + failure.getClass().getSimpleName()
                            + (failure.getMessage() == null ? "" : ": " + Secrets.mask(failure.getMessage())));
            return ExitCodes.FAILED;
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
