package dev.mcp.ambassador.cli.admin;

import dev.mcp.ambassador.cli.CliConfig;
import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.ConfigDirectory;
import dev.mcp.ambassador.cli.ExitCodes;
import dev.mcp.ambassador.cli.Secrets;
import dev.mcp.ambassador.cli.ServerOption;
import dev.mcp.ambassador.cli.tls.ServerTrust;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * What every admin command shares: the server, how to trust it, {@code --json}, and the API key
 * (from {@code $AMBASSADOR_API_KEY}, else the one {@code ambassador login} stored).
 */
public final class AdminOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    ServerOption server;

    @Mixin
    TrustOptions trust;

    @Option(names = "--json", description = "Print the server's JSON instead of a table, for scripts.")
    boolean json;

    private AdminApi api;

    AdminApi api() {
        if (api == null) {
            ConfigDirectory config = ConfigDirectory.fromEnvironment(System.getenv());
            URI base = server.resolve(config);
            String apiKey = System.getenv("AMBASSADOR_API_KEY");
            if (apiKey == null || apiKey.isBlank()) {
                apiKey = CliConfig.read(config)
                        .filter(stored -> base.toString().equals(stored.server()))
                        .map(CliConfig::apiKey)
                        .orElseThrow(() -> new CliException(
                                ExitCodes.NOT_AUTHENTICATED,
                                "not signed in to " + base + ": run `ambassador login --server " + base
                                        + " --username NAME`, or set AMBASSADOR_API_KEY"));
            }
            Secrets.register(apiKey);
            ServerTrust serverTrust = trust.trust(base, config);
            var http = serverTrust.clientBuilder().build();
            serverTrust.requireTrusted(http, trust.expectedFingerprint());
            api = new AdminApi(base, http, serverTrust, apiKey.strip());
        }
        return api;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    boolean asJson() {
        return json;
    }

    /** Prints an answer as a table with {@code columns}, or as JSON. */
    int print(JsonNode answer, List<Output.Column> columns) {
        Output.print(out(), answer, json, columns);
        return ExitCodes.OK;
    }

    /** Says what was done (or prints the answer as JSON). */
    int done(JsonNode answer, String message) {
        if (json) {
            out().println(answer.isMissingNode() ? "{}" : answer.toString());
        } else {
            out().println(message);
        }
        out().flush();
        return ExitCodes.OK;
    }
}
