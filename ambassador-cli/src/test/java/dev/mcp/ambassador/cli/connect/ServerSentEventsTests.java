package dev.mcp.ambassador.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSentEventsTests {

    @Test
    void readWhenEventsWithIdsCommentsAndMultiLineDataThenHandsOnEachWhole() throws Exception {
        String stream = ": keep-alive\n"
                + "id: 1-0\ndata:\n\n"
                + "id: 1-1\nevent: message\ndata: {\"a\":1,\ndata: \"b\":2}\n\n"
                + "data: {\"last\":true}";
        List<String> seen = new ArrayList<>();

        ServerSentEvents.read(
                new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)),
                (id, data) -> seen.add(id + " " + data));

        assertThat(seen).containsExactly("1-0 ", "1-1 {\"a\":1,\n\"b\":2}", "null {\"last\":true}");
    }
}
