package dev.mcp.ambassador.cli.admin;

import static dev.mcp.ambassador.cli.admin.Bodies.body;
import static dev.mcp.ambassador.cli.admin.Bodies.fields;

import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ambassador admin keys}: preshared keys, /v1/admin/preshared-keys. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Issue, list and revoke the preshared keys that MCP clients register with.")
final class KeysCommand {

    static final List<Output.Column> COLUMNS = Output.columns(
            "ID",
            "id",
            "USER",
            "user_id",
            "NAME",
            "name",
            "PREFIX",
            "prefix",
            "EXPIRES",
            "expires_at",
            "REVOKED",
            "revoked_at");

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List preshared keys.")
    int list(
            @Mixin AdminOptions admin,
            @Option(names = "--user", description = "Only this user's keys (username or id).") String user) {
        AdminApi api = admin.api();
        return admin.print(
                api.get("/v1/admin/preshared-keys" + Bodies.query("user_id", Bodies.userId(api, user))), COLUMNS);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Issue a preshared key for a user. The key is shown this once: hand it to the user.",
                "Example: ambassador admin keys create --user dev --name laptop --scope everything=echo,get-sum"
            })
    int create(
            @Mixin AdminOptions admin,
            @Option(names = "--user", required = true, description = "Username or id.") String user,
            @Option(names = "--name", required = true, description = "What the key is for, e.g. laptop.") String name,
            @Option(names = "--expires-at", description = "ISO-8601 instant, e.g. 2027-01-31T00:00:00Z.")
                    String expiresAt,
            @Option(
                            names = "--scope",
                            paramLabel = "SERVER=GLOB[,GLOB...]",
                            description = "Narrow the key to these tools of a server (repeatable).")
                    List<String> scopes) {
        AdminApi api = admin.api();
        List<Map<String, Object>> scopeList = new ArrayList<>();
        for (String scope : scopes == null ? List.<String>of() : scopes) {
            int equals = scope.indexOf('=');
            if (equals <= 0 || equals == scope.length() - 1) {
                throw new CliException(
                        ExitCodes.USAGE, "--scope must look like SERVER=GLOB[,GLOB...] (got " + scope + ")");
            }
            scopeList.add(Map.of(
                    "server",
                    scope.substring(0, equals),
                    "allow",
                    List.of(scope.substring(equals + 1).split(","))));
        }
        JsonNode created = api.post(
                "/v1/admin/preshared-keys",
                body(
                        api.json(),
                        null,
                        fields(
                                "user_id",
                                Bodies.userId(api, user),
                                "name",
                                name,
                                "expires_at",
                                expiresAt,
                                "scopes",
                                scopeList)));
        return admin.done(
                created,
                "Preshared key for " + user + " (shown only now):\n"
                        + created.path("preshared_key").asString());
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a key and every session registered with it.")
    int revoke(@Mixin AdminOptions admin, @Parameters(paramLabel = "ID") String id) {
        return admin.done(
                admin.api().delete("/v1/admin/preshared-keys/" + Bodies.segment(id)), "Revoked key " + id + ".");
    }
}
