package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class ListPagesTests {

    private final ListPages pages = new ListPages(2);
    private final List<JsonNode> tools = IntStream.range(0, 5)
            .mapToObj(i -> (JsonNode) JsonNodeFactory.instance.objectNode().put("name", "t" + i))
            .toList();

    @Test
    void pageWhenFollowedCursorByCursorThenEveryItemOnceInOrder() {
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pagesRead = 0;
        do {
            ObjectNode page = pages.page(tools, "tools", cursor).orElseThrow();
            page.get("tools").forEach(tool -> seen.add(tool.get("name").asString()));
            cursor = page.has("nextCursor") ? page.get("nextCursor").asString() : null;
            pagesRead++;
        } while (cursor != null);

        assertThat(seen).containsExactly("t0", "t1", "t2", "t3", "t4");
        assertThat(pagesRead).isEqualTo(3);
    }

    @Test
    void pageWhenTheListFitsThenNoCursor() {
        ObjectNode page = new ListPages(200).page(tools, "tools", null).orElseThrow();

        assertThat(page.get("tools")).hasSize(5);
        assertThat(page.has("nextCursor")).isFalse();
    }

    @Test
    void pageWhenTheCursorIsNotOursThenEmpty() {
        assertThat(pages.page(tools, "tools", "not-a-cursor")).isEmpty();
        assertThat(pages.page(tools, "tools", "b2Zmc2V0Oi0x")).isEmpty(); // offset:-1
    }
}
