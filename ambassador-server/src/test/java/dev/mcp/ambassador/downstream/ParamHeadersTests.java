package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ParamHeadersTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void declarationsWhenMarksSitUnderPropertiesThenFoundWithTheirPathsAndOthersIgnored() {
        JsonNode schema = JSON.readTree(
                """
                {"type": "object", "x-mcp-header": "Root",
                 "properties": {
                   "region": {"type": "string", "x-mcp-header": "Region"},
                   "target": {"type": "object", "properties": {"id": {"type": "integer", "x-mcp-header": "Target-Id"}}},
                   "tags": {"type": "array", "items": {"type": "string", "x-mcp-header": "Tag"}}}}""");

        assertThat(ParamHeaders.declarations(schema))
                .containsExactly(
                        new ParamHeaders.Declaration(List.of("region"), "Region"),
                        new ParamHeaders.Declaration(List.of("target", "id"), "Target-Id"));
    }

    @Test
    void headersWhenArgumentsGiveValuesThenOnePerValueInHeaderForm() {
        List<ParamHeaders.Declaration> declared = List.of(
                new ParamHeaders.Declaration(List.of("region"), "Region"),
                new ParamHeaders.Declaration(List.of("target", "id"), "Target-Id"),
                new ParamHeaders.Declaration(List.of("city"), "City"),
                new ParamHeaders.Declaration(List.of("missing"), "Missing"));

        assertThat(ParamHeaders.headers(
                        declared, JSON.readTree("{\"region\":\"eu-west\",\"target\":{\"id\":42},\"city\":\"Zürich\"}")))
                .containsExactly(
                        java.util.Map.entry("Mcp-Param-Region", "eu-west"),
                        java.util.Map.entry("Mcp-Param-Target-Id", "42"),
                        java.util.Map.entry("Mcp-Param-City", "=?base64?WsO8cmljaA==?="));
    }

    @Test
    void mismatchWhenHeadersAgreeWithTheArgumentsThenNoneElseWhy() {
        List<ParamHeaders.Declaration> declared = List.of(
                new ParamHeaders.Declaration(List.of("region"), "Region"),
                new ParamHeaders.Declaration(List.of("count"), "Count"));
        JsonNode arguments = JSON.readTree("{\"region\":\"Hello\",\"count\":3}");
        java.util.Map<String, String> sent = new java.util.HashMap<>(
                java.util.Map.of("Mcp-Param-Region", " =?base64?SGVsbG8=?= ", "Mcp-Param-Count", "3.0"));

        assertThat(ParamHeaders.mismatch(declared, arguments, sent::get)).isNull();

        sent.put("Mcp-Param-Region", "=?base64?SGVsbG8?=");
        assertThat(ParamHeaders.mismatch(declared, arguments, sent::get)).contains("not valid Base64");
        sent.put("Mcp-Param-Region", "=?base64?SGVs!!!bG8=?=");
        assertThat(ParamHeaders.mismatch(declared, arguments, sent::get)).contains("not valid Base64");
        sent.put("Mcp-Param-Region", "SGVsbG8=");
        assertThat(ParamHeaders.mismatch(declared, arguments, sent::get)).contains("does not match region");
        sent.remove("Mcp-Param-Region");
        assertThat(ParamHeaders.mismatch(declared, arguments, sent::get))
                .contains("Mcp-Param-Region header is missing");
        // An argument the call does not give needs no header.
        assertThat(ParamHeaders.mismatch(declared, JSON.readTree("{\"count\":3}"), sent::get))
                .isNull();
    }
}
