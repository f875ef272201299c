package dev.mcp.ambassador.cli.admin;

import static dev.mcp.ambassador.cli.admin.Bodies.body;
import static dev.mcp.ambassador.cli.admin.Bodies.fields;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ambassador admin groups}: /v1/admin/groups and their members. */
@Command(name = "groups", mixinStandardHelpOptions = true, description = "Manage groups and their members.")
final class GroupsCommand {

    static final List<Output.Column> COLUMNS =
            Output.columns("ID", "id", "NAME", "name", "DESCRIPTION", "description", "CREATED", "created_at");

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List groups.")
    int list(@Mixin AdminOptions admin) {
        return admin.print(admin.api().get("/v1/admin/groups"), COLUMNS);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a group.")
    int create(
            @Mixin AdminOptions admin,
            @Option(names = "--name", required = true) String name,
            @Option(names = "--description") String description) {
        JsonNode created = admin.api()
                .post(
                        "/v1/admin/groups",
                        body(admin.api().json(), null, fields("name", name, "description", description)));
        return admin.done(
                created, "Created group " + name + " (" + created.path("id").asString() + ").");
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a group.")
    int delete(@Mixin AdminOptions admin, @Parameters(paramLabel = "GROUP", description = "Name or id.") String group) {
        AdminApi api = admin.api();
        return admin.done(api.delete("/v1/admin/groups/" + Bodies.groupId(api, group)), "Deleted group " + group + ".");
    }

    @Command(name = "members", mixinStandardHelpOptions = true, description = "List a group's members.")
    int members(
            @Mixin AdminOptions admin, @Parameters(paramLabel = "GROUP", description = "Name or id.") String group) {
        AdminApi api = admin.api();
        return admin.print(
                api.get("/v1/admin/groups/" + Bodies.groupId(api, group) + "/members"), UsersCommand.COLUMNS);
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true, description = "Add a user to a group.")
    int addMember(
            @Mixin AdminOptions admin,
            @Parameters(index = "0", paramLabel = "GROUP", description = "Name or id.") String group,
            @Parameters(index = "1", paramLabel = "USER", description = "Username or id.") String user) {
        AdminApi api = admin.api();
        JsonNode answer = api.post(
                "/v1/admin/groups/" + Bodies.groupId(api, group) + "/members",
                body(api.json(), null, fields("user_id", Bodies.userId(api, user))));
        return admin.done(answer, "Added " + user + " to " + group + ".");
    }

    @Command(name = "remove-member", mixinStandardHelpOptions = true, description = "Remove a user from a group.")
    int removeMember(
            @Mixin AdminOptions admin,
            @Parameters(index = "0", paramLabel = "GROUP", description = "Name or id.") String group,
            @Parameters(index = "1", paramLabel = "USER", description = "Username or id.") String user) {
        AdminApi api = admin.api();
        JsonNode answer =
                api.delete("/v1/admin/groups/" + Bodies.groupId(api, group) + "/members/" + Bodies.userId(api, user));
        return admin.done(answer, "Removed " + user + " from " + group + ".");
    }
}
