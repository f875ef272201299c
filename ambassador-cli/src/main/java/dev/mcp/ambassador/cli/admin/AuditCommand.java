package dev.mcp.ambassador.cli.admin;

import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code ambassador admin audit}: the audit trail, /v1/audit (roles AUDITOR or ADMIN). */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Search, export, follow and verify the hash-chained audit trail.")
final class AuditCommand {

    // The fields of an event as /v1/audit/events answers them ({events, next_cursor}).
    static final List<Output.Column> COLUMNS = Output.columns(
            "ID",
            "id",
            "TIME",
            "at",
            "TYPE",
            "type",
            "USER",
            "username",
            "SERVER",
            "server",
            "SUBJECT",
            "subject",
            "DECISION",
            "decision");

    /** The filters the events and export endpoints share. */
    static final class Filters {
        @Option(names = "--from", description = "ISO-8601 instant.")
        String from;

        @Option(names = "--to", description = "ISO-8601 instant.")
        String to;

        @Option(names = "--user", description = "User id or username.")
        String user;

        @Option(names = "--slug", description = "Catalog server slug.")
        String server;

        @Option(names = "--tool", description = "Tool name (the event's subject).")
        String tool;

        @Option(names = "--type", description = "Event type, or a prefix of it such as config.")
        String type;

        @Option(names = "--decision", description = "For example allowed or denied.")
        String decision;

        @Option(names = "--era", description = "MCP protocol era of request and result rows: legacy or modern.")
        String era;

        Object[] pairs() {
            return new Object[] {
                "from",
                from,
                "to",
                to,
                "user",
                user,
                "server",
                server,
                "tool",
                tool,
                "type",
                type,
                "decision",
                decision,
                "era",
                era
            };
        }
    }

    @Command(name = "events", mixinStandardHelpOptions = true, description = "List audit events (one page).")
    int events(
            @Mixin AdminOptions admin,
            @Mixin Filters filters,
            @Option(names = "--limit", defaultValue = "100") int limit,
            @Option(names = "--cursor", description = "Where the previous page ended.") String cursor) {
        return admin.print(
                admin.api().get("/v1/audit/events" + query(filters, "limit", limit, "cursor", cursor)), COLUMNS);
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = "Stream every matching event to a file, with progress on stderr.")
    int export(
            @Mixin AdminOptions admin,
            @Mixin Filters filters,
            @Option(
                            names = "--format",
                            defaultValue = "ndjson",
                            description = "ndjson or csv (default: ${DEFAULT-VALUE}).")
                    String format,
            @Option(
                            names = {"-o", "--output"},
                            required = true,
                            paramLabel = "FILE")
                    Path output) {
        HttpResponse<InputStream> response = admin.api().stream("/v1/audit/export" + query(filters, "format", format));
        Path partial = output.toAbsolutePath().resolveSibling(output.getFileName() + ".partial");
        long bytes = 0;
        long lines = 0;
        Progress progress = new Progress(System.err);
        try (InputStream in = response.body();
                OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                bytes += read;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                progress.show(lines, bytes, false);
            }
        } catch (IOException e) {
            // The JDK reports a broken stream as "closed" and puts what broke it in the cause.
            String why = e.getMessage()
                    + (e.getCause() == null || e.getCause().getMessage() == null
                            ? ""
                            : " (" + e.getCause().getMessage() + ")");
            throw new CliException(
                    ExitCodes.FAILED,
                    "the export stopped: " + why + "; " + partial + " is incomplete (the server ended the stream)");
        }
        try {
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot write " + output + ": " + e.getMessage());
        }
        progress.show(lines, bytes, true);
        return admin.done(
                admin.api()
                        .json()
                        .createObjectNode()
                        .put("file", output.toString())
                        .put("lines", lines)
                        .put("bytes", bytes),
                "Exported " + lines + " lines to " + output + ".");
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check the hash chain; exit 1 if broken.")
    int verify(@Mixin AdminOptions admin) {
        JsonNode answer = admin.api().get("/v1/audit/verify");
        boolean ok = answer.path("ok").asBoolean(false);
        admin.done(
                answer,
                ok
                        ? "The audit chain is intact (" + answer.path("checked").asString() + " events checked)."
                        : "The audit chain is BROKEN at event "
                                + answer.path("first_broken_id").asString() + ".");
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    @Command(
            name = "tail",
            mixinStandardHelpOptions = true,
            description = "Follow new events as they are written (Ctrl-C ends).")
    int tail(
            @Mixin AdminOptions admin,
            @Mixin Filters filters,
            @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS") int interval)
            throws InterruptedException {
        AdminApi api = admin.api();
        String cursor = api.get("/v1/audit/events" + query(filters, "limit", 1))
                .path("next_cursor")
                .asString(null);
        while (!Thread.currentThread().isInterrupted()) {
            JsonNode page = api.get("/v1/audit/events" + query(filters, "limit", 500, "cursor", cursor));
            List<JsonNode> events = Output.rows(page);
            if (admin.asJson()) {
                events.forEach(event -> admin.out().println(event.toString()));
            } else if (!events.isEmpty()) {
                Output.table(admin.out(), events, COLUMNS);
            }
            admin.out().flush();
            cursor = page.path("next_cursor").asString(cursor);
            Thread.sleep(Duration.ofSeconds(Math.max(1, interval)));
        }
        return ExitCodes.OK;
    }

    private static String query(Filters filters, Object... more) {
        Object[] base = filters.pairs();
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return Bodies.query(all);
    }

    /** A one-line progress display on stderr, redrawn in place on a terminal. */
    private static final class Progress {
        private final PrintStream err;
        private final boolean terminal = System.console() != null;
        private long shownAt;

        Progress(PrintStream err) {
            this.err = err;
        }

        void show(long lines, long bytes, boolean last) {
            long now = System.nanoTime();
            if (!last && now - shownAt < 200_000_000L) {
                return;
            }
            shownAt = now;
            String text = "exporting: " + lines + " events, " + (bytes / 1024) + " KiB";
            if (terminal) {
                err.print("\r" + text + (last ? "\n" : ""));
            } else if (last) {
                err.println(text);
            }
            err.flush();
        }
    }
}
