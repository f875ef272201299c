package dev.mcp.ambassador.cli.admin;

import static dev.mcp.ambassador.cli.admin.Bodies.body;
import static dev.mcp.ambassador.cli.admin.Bodies.fields;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ambassador admin limits}: rate limits, /v1/admin/rate-limits. */
@Command(name = "limits", mixinStandardHelpOptions = true, description = "Set, list and remove rate limits.")
final class LimitsCommand {

    static final List<Output.Column> COLUMNS = Output.columns(
            "ID",
            "id",
            "SCOPE",
            "scope",
            "TARGET",
            "target",
            "CAPACITY",
            "capacity",
            "REFILL/MIN",
            "refill_per_minute");

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List rate limits.")
    int list(@Mixin AdminOptions admin) {
        return admin.print(admin.api().get("/v1/admin/rate-limits"), COLUMNS);
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Add a rate limit. Example: ambassador admin limits create --scope tool "
                    + "--target everything__echo --capacity 10 --refill-per-minute 10")
    int create(
            @Mixin AdminOptions admin,
            @Option(names = "--scope", required = true, description = "user, key, server, tool or user_server.")
                    String scope,
            @Option(names = "--target", description = "Who or what is limited (omit for every one in the scope).")
                    String target,
            @Option(names = "--capacity", required = true, description = "Calls allowed at once (bucket size).")
                    long capacity,
            @Option(names = "--refill-per-minute", required = true, description = "Calls regained per minute.")
                    long refill) {
        AdminApi api = admin.api();
        JsonNode created = api.post(
                "/v1/admin/rate-limits",
                body(
                        api.json(),
                        null,
                        fields("scope", scope, "target", target, "capacity", capacity, "refill_per_minute", refill)));
        return admin.done(created, "Added rate limit " + created.path("id").asString() + ".");
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a rate limit.")
    int delete(@Mixin AdminOptions admin, @Parameters(paramLabel = "ID") String id) {
        return admin.done(
                admin.api().delete("/v1/admin/rate-limits/" + Bodies.segment(id)), "Removed rate limit " + id + ".");
    }
}
