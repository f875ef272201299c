package dev.mcp.ambassador.cli.admin;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ambassador admin sessions}: /v1/admin/sessions. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "List and revoke client sessions.")
final class SessionsCommand {

    static final List<Output.Column> COLUMNS = Output.columns(
            "ID",
            "id",
            "USER",
            "user_id",
            "CLIENT",
            "client_name",
            "HOST TOOL",
            "host_tool",
            "CREATED",
            "created_at",
            "EXPIRES",
            "expires_at");

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List active sessions.")
    int list(@Mixin AdminOptions admin) {
        return admin.print(admin.api().get("/v1/admin/sessions"), COLUMNS);
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a session at once.")
    int revoke(@Mixin AdminOptions admin, @Parameters(paramLabel = "ID") String id) {
        return admin.done(
                admin.api().delete("/v1/admin/sessions/" + Bodies.segment(id)), "Revoked session " + id + ".");
    }
}
