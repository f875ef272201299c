package dev.mcp.ambassador.audit;

import dev.mcp.ambassador.web.Problems;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code /v1/audit/**}: read, export and verify the audit trail (roles AUDITOR and ADMIN). */
@RestController
@RequestMapping("/v1/audit")
class AuditController {

    private static final int MAX_PAGE = 1_000;
    private static final int EXPORT_PAGE = 1_000;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AuditVerifier verifier;

    AuditController(JdbcClient jdbc, JsonMapper json, AuditVerifier verifier) {
        this.jdbc = jdbc;
        this.json = json;
        this.verifier = verifier;
    }

    @GetMapping("/events")
    Map<String, Object> events(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String user,
            @RequestParam(required = false) String server,
            @RequestParam(required = false) String tool,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String decision,
            @RequestParam(required = false) String era,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false, defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw Problems.invalidField("limit", "must be between 1 and " + MAX_PAGE);
        }
        AuditQuery query = AuditQuery.parse(from, to, user, server, tool, type, decision, era, cursor);
        List<ObjectNode> events = new ArrayList<>();
        query.run(jdbc, json, limit, events::add);
        return events.size() == limit
                ? Map.of(
                        "events",
                        events,
                        "next_cursor",
                        events.getLast().get("id").asString())
                : Map.of("events", events);
    }

    /** Streams every matching row, newest first, page by page: the whole trail never sits in memory. */
    @GetMapping("/export")
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(defaultValue = "ndjson") String format,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String user,
            @RequestParam(required = false) String server,
            @RequestParam(required = false) String tool,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String decision,
            @RequestParam(required = false) String era) {
        boolean csv =
                switch (format) {
                    case "ndjson" -> false;
                    case "csv" -> true;
                    default -> throw Problems.invalidField("format", "use ndjson or csv");
                };
        AuditQuery query = AuditQuery.parse(from, to, user, server, tool, type, decision, era, null);
        StreamingResponseBody body = out -> write(out, query, csv);
        return ResponseEntity.ok()
                .contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8) : MediaType.APPLICATION_NDJSON)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"audit." + (csv ? "csv" : "ndjson") + "\"")
                .body(body);
    }

    @GetMapping("/verify")
    AuditVerifier.Verification verify() {
        return verifier.verify();
    }

    private void write(OutputStream out, AuditQuery query, boolean csv) throws java.io.IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (csv) {
            writer.write(AuditCsv.HEADER);
        }
        AuditQuery page = query;
        while (true) {
            List<ObjectNode> rows = new ArrayList<>(EXPORT_PAGE);
            page.run(jdbc, json, EXPORT_PAGE, rows::add);
            for (ObjectNode row : rows) {
                writer.write(csv ? AuditCsv.line(row) : json.writeValueAsString(row) + "\n");
            }
            writer.flush();
            if (rows.size() < EXPORT_PAGE) {
                return;
            }
            page = query.after(rows.getLast().get("id").asLong());
        }
    }
}
