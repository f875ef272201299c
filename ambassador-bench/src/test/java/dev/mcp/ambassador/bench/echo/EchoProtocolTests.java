package dev.mcp.ambassador.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EchoProtocolTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final EchoProtocol protocol = new EchoProtocol();

    @Test
    void answerWhenInitializeWithKnownVersionThenThatVersionAndTools() {
        EchoProtocol.Answer answer = protocol.answer(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}");

        JsonNode result = JSON.readTree(answer.json()).get("result");
        assertThat(answer.initialize()).isTrue();
        assertThat(result.get("protocolVersion").asString()).isEqualTo("2025-06-18");
        assertThat(result.path("capabilities").has("tools")).isTrue();
    }

    @Test
    void answerWhenInitializeWithUnknownVersionThenLatest() {
        EchoProtocol.Answer answer = protocol.answer(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"1999-01-01\"}}");

        assertThat(JSON.readTree(answer.json()).at("/result/protocolVersion").asString())
                .isEqualTo(EchoProtocol.LATEST);
    }

    @Test
    void answerWhenEchoCalledThenMessageAsTextWithSameId() {
        EchoProtocol.Answer answer = protocol.answer(
                "{\"jsonrpc\":\"2.0\",\"id\":\"a-7\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                        + "\"arguments\":{\"message\":\"héllo\"}}}");

        JsonNode response = JSON.readTree(answer.json());
        assertThat(answer.initialize()).isFalse();
        assertThat(response.get("id").asString()).isEqualTo("a-7");
        assertThat(response.at("/result/content/0/type").asString()).isEqualTo("text");
        assertThat(response.at("/result/content/0/text").asString()).isEqualTo("héllo");
    }

    @Test
    void answerWhenUnknownToolThenInvalidParams() {
        EchoProtocol.Answer answer = protocol.answer(
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"nope\"}}");

        assertThat(JSON.readTree(answer.json()).at("/error/code").asInt()).isEqualTo(-32602);
    }

    @Test
    void answerWhenNotificationOrResponseThenNothing() {
        assertThat(protocol.answer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                        .json())
                .isNull();
        assertThat(protocol.answer("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{}}")
                        .json())
                .isNull();
    }

    @Test
    void answerWhenMalformedThenParseError() {
        assertThat(JSON.readTree(protocol.answer("{not json").json())
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32700);
    }

    @Test
    void answerWhenUnknownMethodThenMethodNotFound() {
        assertThat(JSON.readTree(protocol.answer("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/list\"}")
                                .json())
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32601);
    }
}
