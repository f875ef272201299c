package dev.mcp.ambassador.cli.admin;

import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.ExitCodes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Request bodies and lookups shared by the admin commands. */
final class Bodies {

    private Bodies() {}

    /** A body from {@code --data JSON} (may be null) with the given fields set over it, skipping nulls. */
    static ObjectNode body(JsonMapper json, String data, Map<String, ?> fields) {
        ObjectNode body;
        if (data == null || data.isBlank()) {
            body = json.createObjectNode();
        } else {
            try {
                JsonNode parsed = json.readTree(data);
                if (!parsed.isObject()) {
                    throw new CliException(ExitCodes.USAGE, "--data must be a JSON object");
                }
                body = (ObjectNode) parsed;
            } catch (JacksonException e) {
                throw new CliException(ExitCodes.USAGE, "--data is not valid JSON: " + e.getOriginalMessage());
            }
        }
        fields.forEach((name, value) -> {
            if (value != null && !(value instanceof Collection<?> c && c.isEmpty())) {
                body.set(name, json.valueToTree(value));
            }
        });
        return body;
    }

    /** A map that keeps insertion order and accepts nulls (skipped by {@link #body}). */
    static Map<String, Object> fields(Object... nameValuePairs) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            fields.put((String) nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return fields;
    }

    /** A query string from name/value pairs, skipping nulls. */
    static String query(Object... nameValuePairs) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            Object value = nameValuePairs[i + 1];
            if (value != null) {
                query.append(query.isEmpty() ? "?" : "&")
                        .append(nameValuePairs[i])
                        .append('=')
                        .append(URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The id of the user named {@code nameOrId} (a UUID is taken as it is). */
    static String userId(AdminApi api, String nameOrId) {
        return idOf(api, "/v1/admin/users", "username", nameOrId, "user");
    }

    /** The id of the group named {@code nameOrId} (a UUID is taken as it is). */
    static String groupId(AdminApi api, String nameOrId) {
        return idOf(api, "/v1/admin/groups", "name", nameOrId, "group");
    }

    private static String idOf(AdminApi api, String path, String field, String nameOrId, String what) {
        if (nameOrId == null) {
            return null;
        }
        try {
            return UUID.fromString(nameOrId).toString();
        } catch (IllegalArgumentException notAnId) {
            for (JsonNode row : Output.rows(api.get(path))) {
                if (nameOrId.equals(row.path(field).asString(null))) {
                    return row.path("id").asString();
                }
            }
            throw new CliException(ExitCodes.FAILED, "no " + what + " named " + nameOrId);
        }
    }
}
