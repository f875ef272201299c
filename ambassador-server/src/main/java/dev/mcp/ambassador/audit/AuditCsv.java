package dev.mcp.ambassador.audit;

import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Audit rows as CSV (RFC 4180): every field quoted, and a field that a spreadsheet would run as a
 * formula ({@code =}, {@code +}, {@code -}, {@code @} first) prefixed with an apostrophe.
 */
final class AuditCsv {

    private static final List<String> COLUMNS = List.of(
            "id",
            "at",
            "type",
            "user_id",
            "username",
            "key_id",
            "session_id",
            "era",
            "protocol_version",
            "client_name",
            "client_address",
            "server",
            "kind",
            "subject",
            "decision",
            "stage",
            "request_id",
            "status",
            "is_error",
            "duration_ms",
            "bytes",
            "arguments",
            "detail",
            "prev_hash",
            "hash");

    static final String HEADER = String.join(",", COLUMNS) + "\r\n";

    private AuditCsv() {}

    static String line(JsonNode row) {
        return COLUMNS.stream().map(column -> quote(value(row.get(column)))).collect(Collectors.joining(",")) + "\r\n";
    }

    private static String value(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        return node.isContainer() ? node.toString() : node.asString();
    }

    private static String quote(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}
