package dev.mcp.ambassador.cli.admin;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ambassador admin}: the admin, audit and self-service APIs, with tables or {@code --json}. */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = {
            "Administer an ambassador over its API with the key `ambassador login` stored (or $AMBASSADOR_API_KEY).",
            "Every command prints a table, or the server's JSON with --json. Errors show the server's explanation."
        },
        subcommands = {
            UsersCommand.class,
            GroupsCommand.class,
            KeysCommand.class,
            ServersCommand.class,
            GrantsCommand.class,
            LimitsCommand.class,
            KillCommand.class,
            SessionsCommand.class,
            CredentialsCommand.class,
            AuditCommand.class
        })
public final class AdminCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
