package dev.mcp.ambassador.cli.admin;

import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.ExitCodes;
import dev.mcp.ambassador.cli.Passwords;
import dev.mcp.ambassador.cli.Secrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code ambassador admin credentials}: the signed-in user's own credentials for servers that
 * need them, /v1/me/credentials. Values are never shown, and never taken from the command line.
 */
@Command(
        name = "credentials",
        mixinStandardHelpOptions = true,
        description = "Your own credentials for servers that need them (names only are ever shown).")
final class CredentialsCommand {

    static final List<Output.Column> COLUMNS = Output.columns("SERVER", "server", "NAME", "name", "SET", "set");

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Which credentials are set.")
    int list(@Mixin AdminOptions admin) {
        return admin.print(admin.api().get("/v1/me/credentials"), COLUMNS);
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description =
                    "Set credentials for a server; each value is prompted for (or read as one line each from stdin).")
    int set(
            @Mixin AdminOptions admin,
            @Parameters(index = "0", paramLabel = "SERVER") String server,
            @Parameters(index = "1..*", arity = "1..*", paramLabel = "NAME") List<String> names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            String value = Passwords.read(name + ": ");
            Secrets.register(value);
            values.put(name, value);
        }
        if (values.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "name at least one credential");
        }
        JsonNode answer = admin.api().put("/v1/me/credentials/" + Bodies.segment(server), Map.of("values", values));
        return admin.done(answer, "Stored " + names + " for " + server + ".");
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete your credentials for a server.")
    int delete(@Mixin AdminOptions admin, @Parameters(paramLabel = "SERVER") String server) {
        return admin.done(
                admin.api().delete("/v1/me/credentials/" + Bodies.segment(server)),
                "Deleted your credentials for " + server + ".");
    }
}
