package dev.mcp.ambassador.mcp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pages of a merged list for the client. The cursor is the offset of the page's first item,
 * encoded so clients treat it as opaque, as the specification asks them to.
 */
final class ListPages {

    private static final String CURSOR_PREFIX = "offset:";

    private final int size;

    ListPages(int size) {
        this.size = Math.max(1, size);
    }

    /** The page {@code cursor} names (the first when null); empty when the cursor is not ours. */
    Optional<ObjectNode> page(List<JsonNode> all, String field, String cursor) {
        int offset = 0;
        if (cursor != null) {
            Optional<Integer> parsed = parse(cursor);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            offset = parsed.get();
        }
        int end = Math.min(all.size(), offset + size);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.putArray(field).addAll(offset >= all.size() ? List.of() : all.subList(offset, end));
        if (end < all.size()) {
            result.put("nextCursor", cursorOf(end));
        }
        return Optional.of(result);
    }

    private static String cursorOf(int offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((CURSOR_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Integer> parse(String cursor) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!decoded.startsWith(CURSOR_PREFIX)) {
                return Optional.empty();
            }
            int offset = Integer.parseInt(decoded.substring(CURSOR_PREFIX.length()));
            return offset < 0 ? Optional.empty() : Optional.of(offset);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
