package dev.mcp.ambassador.cli.admin;

import static dev.mcp.ambassador.cli.admin.Bodies.body;
import static dev.mcp.ambassador.cli.admin.Bodies.fields;

import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ambassador admin grants}: /v1/admin/grants. */
@Command(
        name = "grants",
        mixinStandardHelpOptions = true,
        description = "Grant users or groups tools of a server (deny wins; no grant means no access).")
final class GrantsCommand {

    static final List<Output.Column> COLUMNS = Output.columns(
            "ID", "id", "USER", "user_id", "GROUP", "group_id", "SERVER", "server", "ALLOW", "allow", "DENY", "deny");

    static final class Grantee {
        @Option(names = "--user", required = true, description = "Username or id.")
        String user;

        @Option(names = "--group", required = true, description = "Group name or id.")
        String group;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List grants.")
    int list(@Mixin AdminOptions admin) {
        return admin.print(admin.api().get("/v1/admin/grants"), COLUMNS);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description =
                    "Grant tools. Example: ambassador admin grants create --user dev --slug everything --allow '*'")
    int create(
            @Mixin AdminOptions admin,
            @ArgGroup(exclusive = true, multiplicity = "1") Grantee grantee,
            @Option(names = "--slug", required = true, description = "The catalog server's slug.") String server,
            @Option(names = "--allow", required = true, split = ",", description = "Tool name globs to allow.")
                    List<String> allow,
            @Option(names = "--deny", split = ",", description = "Tool name globs to deny.") List<String> deny,
            @Option(names = "--data", paramLabel = "JSON", description = "Further fields (prompts, resources) as JSON.")
                    String data) {
        AdminApi api = admin.api();
        JsonNode created = api.post(
                "/v1/admin/grants",
                body(
                        api.json(),
                        data,
                        fields(
                                "user_id",
                                Bodies.userId(api, grantee.user),
                                "group_id",
                                Bodies.groupId(api, grantee.group),
                                "server",
                                server,
                                "allow",
                                allow,
                                "deny",
                                deny == null ? List.of() : deny)));
        return admin.done(
                created,
                "Granted " + allow + " of " + server + " (" + created.path("id").asString() + ").");
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a grant.")
    int delete(@Mixin AdminOptions admin, @Parameters(paramLabel = "ID") String id) {
        return admin.done(admin.api().delete("/v1/admin/grants/" + Bodies.segment(id)), "Deleted grant " + id + ".");
    }
}
