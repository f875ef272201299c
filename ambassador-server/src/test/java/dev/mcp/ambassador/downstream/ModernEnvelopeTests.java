package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ModernEnvelopeTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void paramsWhenTheClientSentMetaThenTheEnvelopeIsAddedAndItsOwnKeysKept() {
        JsonNode params = JSON.readTree("{\"name\":\"echo\",\"_meta\":{\"progressToken\":\"ambassador-7\"}}");

        JsonNode sent = ModernEnvelope.params(params);

        assertThat(sent.at("/_meta/progressToken").asString()).isEqualTo("ambassador-7");
        assertThat(sent.at("/_meta").get(ModernEnvelope.PROTOCOL_VERSION_KEY).asString())
                .isEqualTo("2026-07-28");
        assertThat(sent.at("/_meta").get(ModernEnvelope.CLIENT_CAPABILITIES_KEY).has("elicitation"))
                .isTrue();
        assertThat(sent.at("/_meta")
                        .get(ModernEnvelope.CLIENT_INFO_KEY)
                        .get("name")
                        .asString())
                .isEqualTo("mcp-ambassador");
        assertThat(params.at("/_meta").has(ModernEnvelope.PROTOCOL_VERSION_KEY))
                .as("the caller's params are not changed")
                .isFalse();
    }

    @Test
    void headersWhenToolsCallThenMethodAndNameMirrorTheBody() {
        JsonNode params = JSON.readTree("{\"name\":\"get-sum\"}");

        assertThat(ModernEnvelope.headers("tools/call", params))
                .containsEntry("MCP-Protocol-Version", "2026-07-28")
                .containsEntry("Mcp-Method", "tools/call")
                .containsEntry("Mcp-Name", "get-sum");
        assertThat(ModernEnvelope.headers("tools/list", JSON.createObjectNode()))
                .doesNotContainKey("Mcp-Name");
        assertThat(ModernEnvelope.headers("resources/read", JSON.readTree("{\"uri\":\"modern://greeting\"}")))
                .containsEntry("Mcp-Name", "modern://greeting");
    }

    @Test
    void headerValueWhenNotPlainAsciiOrAmbiguousThenBase64Sentinel() {
        assertThat(ModernEnvelope.headerValue("plain-name")).isEqualTo("plain-name");
        assertThat(ModernEnvelope.headerValue("grüße")).isEqualTo("=?base64?Z3LDvMOfZQ==?=");
        assertThat(ModernEnvelope.headerValue(" padded")).startsWith("=?base64?");
        assertThat(ModernEnvelope.headerValue("line\nbreak")).startsWith("=?base64?");
        assertThat(ModernEnvelope.headerValue("=?base64?abc?=")).isEqualTo("=?base64?PT9iYXNlNjQ/YWJjPz0=?=");
    }

    @Test
    void asLegacyWhenCompleteThenModernOnlyFieldsGoAndTheRestStays() {
        JsonNode response = JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[],"
                + "\"resultType\":\"complete\",\"_meta\":{\"io.modelcontextprotocol/serverInfo\":{\"name\":\"s\"},"
                + "\"other\":1}}}");

        JsonNode legacy = ModernEnvelope.asLegacy(response);

        assertThat(legacy.get("result").has("resultType")).isFalse();
        assertThat(legacy.at("/result/_meta").has(ModernEnvelope.SERVER_INFO_KEY))
                .isFalse();
        assertThat(legacy.at("/result/_meta/other").asInt()).isEqualTo(1);
        assertThat(ModernEnvelope.asLegacy(JSON.readTree("{\"result\":{\"resultType\":\"complete\","
                                + "\"_meta\":{\"io.modelcontextprotocol/serverInfo\":{}}}}"))
                        .get("result")
                        .isEmpty())
                .isTrue();
        assertThat(ModernEnvelope.inputRequired(JSON.readTree("{\"result\":{\"resultType\":\"input_required\"}}")))
                .isTrue();
    }
}
