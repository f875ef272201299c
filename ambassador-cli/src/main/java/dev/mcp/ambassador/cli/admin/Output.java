package dev.mcp.ambassador.cli.admin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;

/** Prints answers as a table for people or as the server's JSON for scripts ({@code --json}). */
final class Output {

    /** A table column: its heading and the field it shows. */
    record Column(String heading, String field) {}

    private Output() {}

    static List<Column> columns(String... headingFieldPairs) {
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < headingFieldPairs.length; i += 2) {
            columns.add(new Column(headingFieldPairs[i], headingFieldPairs[i + 1]));
        }
        return columns;
    }

    static void print(PrintWriter out, JsonNode answer, boolean asJson, List<Column> columns) {
        if (asJson) {
            out.println(answer.isMissingNode() ? "{}" : answer.toString());
        } else {
            table(out, rows(answer), columns);
        }
        out.flush();
    }

    /** The rows of a list answer: the array itself, or the first array inside an object (a page). */
    static List<JsonNode> rows(JsonNode answer) {
        if (answer.isArray()) {
            return StreamSupport.stream(answer.spliterator(), false).toList();
        }
        if (answer.isObject()) {
            for (JsonNode value : answer) {
                if (value.isArray()) {
                    return StreamSupport.stream(value.spliterator(), false).toList();
                }
            }
            return List.of(answer);
        }
        return List.of();
    }

    static void table(PrintWriter out, List<JsonNode> rows, List<Column> columns) {
        List<String[]> cells = new ArrayList<>();
        for (JsonNode row : rows) {
            String[] line = new String[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                line[i] = text(row.path(columns.get(i).field()));
            }
            cells.add(line);
        }
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).heading().length();
            for (String[] line : cells) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder heading = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            pad(heading, columns.get(i).heading(), widths[i], i == columns.size() - 1);
        }
        out.println(heading.toString().stripTrailing());
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                pad(text, line[i], widths[i], i == line.length - 1);
            }
            out.println(text.toString().stripTrailing());
        }
        if (cells.isEmpty()) {
            out.println("(none)");
        }
    }

    private static void pad(StringBuilder line, String value, int width, boolean last) {
        line.append(value);
        if (!last) {
            line.append(" ".repeat(width - value.length() + 2));
        }
    }

    static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "-";
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(item -> parts.add(item.isValueNode() ? item.asString() : item.toString()));
            return parts.isEmpty() ? "-" : String.join(",", parts);
        }
        if (value.isObject()) {
            return value.toString();
        }
        return value.asString().replace('\n', ' ');
    }
}
