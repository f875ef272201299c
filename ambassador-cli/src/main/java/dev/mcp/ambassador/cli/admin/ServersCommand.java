package dev.mcp.ambassador.cli.admin;

import static dev.mcp.ambassador.cli.admin.Bodies.body;
import static dev.mcp.ambassador.cli.admin.Bodies.fields;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ambassador admin servers}: the catalog, /v1/admin/servers. */
@Command(
        name = "servers",
        mixinStandardHelpOptions = true,
        description = "Publish downstream MCP servers in the catalog, discover their tools, see their processes.")
final class ServersCommand {

    static final List<Output.Column> COLUMNS = Output.columns(
            "SLUG",
            "slug",
            "TRANSPORT",
            "transport",
            "ISOLATION",
            "isolation",
            "STATUS",
            "status",
            "COMMAND",
            "command",
            "URL",
            "url");

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the catalog.")
    int list(@Mixin AdminOptions admin) {
        return admin.print(admin.api().get("/v1/admin/servers"), COLUMNS);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one catalog entry.")
    int get(@Mixin AdminOptions admin, @Parameters(paramLabel = "SLUG") String slug) {
        return admin.print(admin.api().get("/v1/admin/servers/" + Bodies.segment(slug)), COLUMNS);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = {
                "Add a server to the catalog. Fields without an option (env, headers, credentials, sandbox, ...) go in "
                        + "--data as JSON; secret env values and headers are write-only.",
                "Example: ambassador admin servers create --slug everything --transport stdio --status published "
                        + "--command npx --command -y --command @modelcontextprotocol/server-everything stdio"
            })
    int create(
            @Mixin AdminOptions admin,
            @Option(names = "--slug", required = true) String slug,
            @Option(names = "--transport", description = "stdio or http.") String transport,
            @Option(
                            names = "--command",
                            paramLabel = "ARG",
                            description = "One argument of the command (repeat, in order).")
                    List<String> command,
            @Parameters(paramLabel = "ARG", arity = "0..*", description = "More command arguments, after the options.")
                    List<String> arguments,
            @Option(names = "--url", description = "For http: the server's Streamable HTTP URL.") String url,
            @Option(names = "--display-name") String displayName,
            @Option(names = "--isolation", description = "shared or per_user.") String isolation,
            @Option(names = "--status", description = "draft, published or archived.") String status,
            @Option(names = "--call-timeout", paramLabel = "SECONDS") Integer callTimeout,
            @Option(names = "--data", paramLabel = "JSON", description = "Further fields as a JSON object.")
                    String data) {
        List<String> argv = new java.util.ArrayList<>(command == null ? List.of() : command);
        argv.addAll(arguments == null ? List.of() : arguments);
        AdminApi api = admin.api();
        JsonNode created = api.post(
                "/v1/admin/servers",
                body(
                        api.json(),
                        data,
                        fields(
                                "slug", slug,
                                "transport", transport,
                                "command", argv,
                                "url", url,
                                "display_name", displayName,
                                "isolation", isolation,
                                "status", status,
                                "call_timeout_seconds", callTimeout)));
        return admin.done(
                created,
                "Added " + slug + " to the catalog (" + created.path("status").asString("") + ").");
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a catalog entry.")
    int update(
            @Mixin AdminOptions admin,
            @Parameters(paramLabel = "SLUG") String slug,
            @Option(names = "--status", description = "draft, published or archived.") String status,
            @Option(names = "--display-name") String displayName,
            @Option(names = "--isolation", description = "shared or per_user.") String isolation,
            @Option(names = "--call-timeout", paramLabel = "SECONDS") Integer callTimeout,
            @Option(names = "--data", paramLabel = "JSON", description = "Further fields as a JSON object.")
                    String data) {
        AdminApi api = admin.api();
        JsonNode updated = api.patch(
                "/v1/admin/servers/" + Bodies.segment(slug),
                body(
                        api.json(),
                        data,
                        fields(
                                "status", status,
                                "display_name", displayName,
                                "isolation", isolation,
                                "call_timeout_seconds", callTimeout)));
        return admin.done(updated, "Updated " + slug + ".");
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a server from the catalog.")
    int delete(@Mixin AdminOptions admin, @Parameters(paramLabel = "SLUG") String slug) {
        return admin.done(admin.api().delete("/v1/admin/servers/" + Bodies.segment(slug)), "Deleted " + slug + ".");
    }

    @Command(name = "discover", mixinStandardHelpOptions = true, description = "Start the server and list its tools.")
    int discover(@Mixin AdminOptions admin, @Parameters(paramLabel = "SLUG") String slug) {
        JsonNode answer = admin.api().post("/v1/admin/servers/" + Bodies.segment(slug) + "/discover", null);
        return admin.print(
                admin.asJson() ? answer : answer.path("tools"),
                Output.columns("TOOL", "name", "DESCRIPTION", "description"));
    }

    @Command(
            name = "instances",
            mixinStandardHelpOptions = true,
            description = "The server's running processes and their redacted stderr.")
    int instances(@Mixin AdminOptions admin, @Parameters(paramLabel = "SLUG") String slug) {
        return admin.print(
                admin.api().get("/v1/admin/servers/" + Bodies.segment(slug) + "/instances"),
                Output.columns("USER", "user_id", "PID", "pid", "STARTED", "started_at", "STATE", "state"));
    }
}
