package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

class ListenFilterTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ListenFilter toolsOnly = new ListenFilter(StringNode.valueOf("listen:1"), true, false, false);

    @Test
    void deliverWhenAskedForThenStampedWithTheSubscriptionId() {
        String delivered = toolsOnly.deliver("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");

        JsonNode message = JSON.readTree(delivered);
        assertThat(message.at("/params/_meta/io.modelcontextprotocol~1subscriptionId")
                        .asString())
                .isEqualTo("listen:1");
    }

    @Test
    void deliverWhenNotAskedForThenDropped() {
        assertThat(toolsOnly.deliver("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/prompts/list_changed\"}"))
                .isNull();
        assertThat(toolsOnly.deliver(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"error\"}}"))
                .isNull();
        assertThat(toolsOnly.deliver("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tasks/status\"}"))
                .isNull();
    }

    @Test
    void deliverWhenAResourceUpdateThenKeptWithItsUri() {
        String delivered = toolsOnly.deliver(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\",\"params\":{\"uri\":\"a://b\"}}");

        JsonNode message = JSON.readTree(delivered);
        assertThat(message.at("/params/uri").asString()).isEqualTo("a://b");
        assertThat(message.at("/params/_meta/io.modelcontextprotocol~1subscriptionId")
                        .asString())
                .isEqualTo("listen:1");
    }
}
