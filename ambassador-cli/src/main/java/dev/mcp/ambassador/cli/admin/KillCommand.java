package dev.mcp.ambassador.cli.admin;

import static dev.mcp.ambassador.cli.admin.Bodies.body;
import static dev.mcp.ambassador.cli.admin.Bodies.fields;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code ambassador admin kill}: kill switches, /v1/admin/kill-switches. */
@Command(
        name = "kill",
        mixinStandardHelpOptions = true,
        description = "Stop calls at once: everything, a server, a tool, a user or a key; lift it again.")
final class KillCommand {

    static final List<Output.Column> COLUMNS = Output.columns(
            "ID",
            "id",
            "SCOPE",
            "scope",
            "TARGET",
            "target",
            "REASON",
            "reason",
            "ACTIVE",
            "active",
            "CREATED",
            "created_at");

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List engaged kill switches (with --all, lifted ones too).")
    int list(
            @Mixin AdminOptions admin,
            @Option(names = "--all", description = "Also the lifted ones, with who lifted them and when.")
                    boolean all) {
        return admin.print(admin.api().get("/v1/admin/kill-switches" + (all ? "" : "?active=true")), COLUMNS);
    }

    @Command(
            name = "engage",
            mixinStandardHelpOptions = true,
            description = "Engage a kill switch. Example: ambassador admin kill engage --scope server --target "
                    + "everything --reason 'leaking data'")
    int engage(
            @Mixin AdminOptions admin,
            @Option(names = "--scope", required = true, description = "global, server, tool, user or key.")
                    String scope,
            @Option(
                            names = "--target",
                            description =
                                    "server: its slug; tool: <slug>/<tool>; user: a user id; key: a preshared key "
                                            + "id. None for global.")
                    String target,
            @Option(names = "--reason", required = true, description = "Why; shown to refused callers and audited.")
                    String reason) {
        AdminApi api = admin.api();
        JsonNode created = api.post(
                "/v1/admin/kill-switches",
                body(api.json(), null, fields("scope", scope, "target", target, "reason", reason)));
        return admin.done(created, "Engaged kill switch " + created.path("id").asString() + ".");
    }

    @Command(name = "lift", mixinStandardHelpOptions = true, description = "Lift a kill switch.")
    int lift(@Mixin AdminOptions admin, @Parameters(paramLabel = "ID") String id) {
        return admin.done(
                admin.api().delete("/v1/admin/kill-switches/" + Bodies.segment(id)), "Lifted kill switch " + id + ".");
    }
}
