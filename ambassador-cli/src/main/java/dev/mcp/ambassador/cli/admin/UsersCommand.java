package dev.mcp.ambassador.cli.admin;

import static dev.mcp.ambassador.cli.admin.Bodies.body;
import static dev.mcp.ambassador.cli.admin.Bodies.fields;

import dev.mcp.ambassador.cli.Passwords;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ambassador admin users}: /v1/admin/users. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "Create, list, change and delete users.")
final class UsersCommand {

    static final List<Output.Column> COLUMNS = Output.columns(
            "ID", "id", "USERNAME", "username", "ROLES", "roles", "STATUS", "status", "CREATED", "created_at");

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    int list(@Mixin AdminOptions admin) {
        return admin.print(admin.api().get("/v1/admin/users"), COLUMNS);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one user.")
    int get(@Mixin AdminOptions admin, @Parameters(paramLabel = "USER", description = "Username or id.") String user) {
        AdminApi api = admin.api();
        return admin.print(api.get("/v1/admin/users/" + Bodies.userId(api, user)), COLUMNS);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a user. Users who only use MCP need no password.")
    int create(
            @Mixin AdminOptions admin,
            @Option(names = "--username", required = true) String username,
            @Option(
                            names = "--role",
                            split = ",",
                            defaultValue = "USER",
                            description = "ADMIN, AUDITOR or USER (repeatable; default: ${DEFAULT-VALUE}).")
                    List<String> roles,
            @Option(names = "--display-name") String displayName,
            @Option(
                            names = "--password-stdin",
                            description = "Give the user a password for the web UI, read from stdin (or prompted).")
                    boolean withPassword) {
        String password = withPassword ? Passwords.read("Password for " + username + ": ") : null;
        JsonNode created = admin.api()
                .post(
                        "/v1/admin/users",
                        body(
                                admin.api().json(),
                                null,
                                fields(
                                        "username",
                                        username,
                                        "roles",
                                        roles,
                                        "display_name",
                                        displayName,
                                        "password",
                                        password)));
        return admin.done(
                created, "Created user " + username + " (" + created.path("id").asString() + ").");
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Suspend, reactivate or change roles.")
    int update(
            @Mixin AdminOptions admin,
            @Parameters(paramLabel = "USER", description = "Username or id.") String user,
            @Option(names = "--status", description = "active or suspended.") String status,
            @Option(names = "--role", split = ",", description = "The user's roles from now on.") List<String> roles,
            @Option(names = "--display-name") String displayName) {
        AdminApi api = admin.api();
        JsonNode updated = api.patch(
                "/v1/admin/users/" + Bodies.userId(api, user),
                body(api.json(), null, fields("status", status, "roles", roles, "display_name", displayName)));
        return admin.done(updated, "Updated user " + user + ".");
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user.")
    int delete(
            @Mixin AdminOptions admin, @Parameters(paramLabel = "USER", description = "Username or id.") String user) {
        AdminApi api = admin.api();
        return admin.done(api.delete("/v1/admin/users/" + Bodies.userId(api, user)), "Deleted user " + user + ".");
    }
}
