package dev.mcp.ambassador.cli.tls;

import dev.mcp.ambassador.cli.ConfigDirectory;
import dev.mcp.ambassador.cli.ExitCodes;
import dev.mcp.ambassador.cli.ServerOption;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ambassador trust}: show or deliberately forget the CAs pinned in known_servers. */
@Command(
        name = "trust",
        mixinStandardHelpOptions = true,
        description = {
            "Show the CAs pinned in known_servers, or forget one so that the next connection pins the CA the "
                    + "server presents then.",
            "Only reset a pin after checking the server's new CA fingerprint with its operator."
        })
public final class TrustCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Action {
        @Option(names = "--reset", paramLabel = "URL", description = "Forget the CA pinned for this server.")
        String reset;

        @Option(names = "--list", description = "List the pinned servers and fingerprints (the default).")
        boolean list;
    }

    @ArgGroup(exclusive = true)
    Action action;

    @Override
    public Integer call() {
        KnownServers known = new KnownServers(ConfigDirectory.fromEnvironment(System.getenv()));
        PrintWriter out = spec.commandLine().getOut();
        if (action != null && action.reset != null) {
            var server = ServerOption.parse(action.reset);
            if (known.remove(server)) {
                out.println("Forgot the CA pinned for " + KnownServers.origin(server)
                        + ". The next `ambassador connect` pins the CA it presents then.");
                return ExitCodes.OK;
            }
            spec.commandLine().getErr().println("ambassador: nothing is pinned for " + KnownServers.origin(server));
            return ExitCodes.FAILED;
        }
        for (KnownServers.Pin pin : known.all()) {
            out.println(pin.origin() + "  " + pin.fingerprint() + "  pinned " + pin.recordedAt());
        }
        return ExitCodes.OK;
    }
}
