package dev.mcp.ambassador.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class McpClientTests {

    @Test
    void fromEventStreamWhenProgressPrecedesThenTheResponseWithTheId() {
        String body = "id: 1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}\n\n"
                + "id: 2\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"ok\":true}}\n\n";

        assertThat(McpClient.fromEventStream(body, 7).at("/result/ok").asBoolean())
                .isTrue();
    }

    @Test
    void fromEventStreamWhenNoResponseWithTheIdThenNull() {
        String body = "data: {\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{}}\n\n";

        assertThat(McpClient.fromEventStream(body, 7)).isNull();
    }
}
