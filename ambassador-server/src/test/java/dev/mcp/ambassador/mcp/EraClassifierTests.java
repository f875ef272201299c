package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EraClassifierTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ENVELOPE =
            """
            "_meta": {"io.modelcontextprotocol/protocolVersion": "%s",
                      "io.modelcontextprotocol/clientCapabilities": {},
                      "io.modelcontextprotocol/clientInfo": {"name": "t", "version": "1"}}""";

    @Test
    void classifyWhenInitializeThenLegacy() {
        JsonNode initialize = JSON.readTree(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}");

        assertThat(EraClassifier.classify(initialize, headers(null, null, null)))
                .isInstanceOf(EraClassifier.Legacy.class);
    }

    @Test
    void classifyWhenLegacyHeaderAndNoEnvelopeThenLegacy() {
        assertThat(EraClassifier.classify(request("ping", "{}"), headers("2025-06-18", null, null)))
                .isInstanceOf(EraClassifier.Legacy.class);
    }

    @Test
    void classifyWhenEnvelopeAndMatchingHeadersThenModern() {
        JsonNode call = request("tools/call", "{\"name\":\"a__echo\"," + ENVELOPE.formatted("2026-07-28") + "}");

        EraClassifier.Era era = EraClassifier.classify(call, headers("2026-07-28", "tools/call", "a__echo"));

        assertThat(era).isInstanceOfSatisfying(EraClassifier.Modern.class, modern -> {
            assertThat(modern.version()).isEqualTo("2026-07-28");
            assertThat(modern.meta()
                            .path("io.modelcontextprotocol/clientInfo")
                            .path("name")
                            .asString())
                    .isEqualTo("t");
        });
    }

    @Test
    void classifyWhenHeaderNamesUnknownVersionThenUnsupportedWithTheSupportedList() {
        JsonNode refusal = refused(EraClassifier.classify(request("ping", "{}"), headers("1999-01-01", null, null)));

        assertThat(refusal.at("/error/code").asInt()).isEqualTo(-32022);
        assertThat(refusal.at("/error/data/requested").asString()).isEqualTo("1999-01-01");
        assertThat(refusal.at("/error/data/supported").valueStream().map(JsonNode::asString))
                .containsExactly("2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26");
        assertThat(refusal.at("/error/message").asString()).contains("2025-11-25", "2026-07-28");
        assertThat(refusal.get("id").asInt()).isEqualTo(7);
    }

    @Test
    void classifyWhenEnvelopeNamesUnknownVersionThenUnsupported() {
        JsonNode list = request("tools/list", "{" + ENVELOPE.formatted("2099-01-01") + "}");

        JsonNode refusal = refused(EraClassifier.classify(list, headers(null, "tools/list", null)));

        assertThat(refusal.at("/error/code").asInt()).isEqualTo(-32022);
        assertThat(refusal.at("/error/data/requested").asString()).isEqualTo("2099-01-01");
    }

    @Test
    void classifyWhenEnvelopeNamesALegacyVersionThenUnsupported() {
        JsonNode list = request("tools/list", "{" + ENVELOPE.formatted("2025-11-25") + "}");

        assertThat(refused(EraClassifier.classify(list, headers("2025-11-25", "tools/list", null)))
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32022);
    }

    @Test
    void classifyWhenMethodHeaderDisagreesWithBodyThenHeaderMismatch() {
        JsonNode call = request("tools/call", "{\"name\":\"a__echo\"," + ENVELOPE.formatted("2026-07-28") + "}");

        JsonNode refusal = refused(EraClassifier.classify(call, headers("2026-07-28", "tools/list", "a__echo")));

        assertThat(refusal.at("/error/code").asInt()).isEqualTo(-32020);
        assertThat(refusal.at("/error/message").asString()).contains("Mcp-Method");
    }

    @Test
    void classifyWhenNameHeaderDisagreesWithBodyThenHeaderMismatch() {
        JsonNode call = request("tools/call", "{\"name\":\"a__echo\"," + ENVELOPE.formatted("2026-07-28") + "}");

        assertThat(refused(EraClassifier.classify(call, headers("2026-07-28", "tools/call", "a__delete")))
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32020);
    }

    @Test
    void classifyWhenRequiredHeadersMissingThenHeaderMismatch() {
        JsonNode call = request("tools/call", "{\"name\":\"a__echo\"," + ENVELOPE.formatted("2026-07-28") + "}");

        assertThat(refused(EraClassifier.classify(call, headers(null, "tools/call", "a__echo")))
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32020);
        assertThat(refused(EraClassifier.classify(call, headers("2026-07-28", null, "a__echo")))
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32020);
        assertThat(refused(EraClassifier.classify(call, headers("2026-07-28", "tools/call", null)))
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32020);
    }

    @Test
    void classifyWhenVersionHeaderDisagreesWithEnvelopeThenHeaderMismatch() {
        JsonNode list = request("tools/list", "{" + ENVELOPE.formatted("2026-07-28") + "}");

        assertThat(refused(EraClassifier.classify(list, headers("2025-11-25", "tools/list", null)))
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32020);
    }

    @Test
    void classifyWhenTheEnvelopeNamesAnUnknownVersionTheHeaderDoesNotThenHeaderMismatchFirst() {
        JsonNode discover = request("server/discover", "{" + ENVELOPE.formatted("v999.0.0") + "}");

        JsonNode refusal = refused(EraClassifier.classify(discover, headers("2026-07-28", "server/discover", null)));

        assertThat(refusal.at("/error/code").asInt()).isEqualTo(-32020);
        assertThat(refusal.at("/error/message").asString()).contains("MCP-Protocol-Version");
    }

    @Test
    void classifyWhenNameHeaderIsBase64EncodedThenItIsDecodedBeforeComparing() {
        String uri = "demo://résumé";
        JsonNode read = request("resources/read", "{\"uri\":\"" + uri + "\"," + ENVELOPE.formatted("2026-07-28") + "}");
        String encoded = "=?base64?" + Base64.getEncoder().encodeToString(uri.getBytes(StandardCharsets.UTF_8)) + "?=";

        assertThat(EraClassifier.classify(read, headers("2026-07-28", "resources/read", encoded)))
                .isInstanceOf(EraClassifier.Modern.class);
        assertThat(refused(EraClassifier.classify(read, headers("2026-07-28", "resources/read", "=?base64?***?=")))
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32020);
    }

    @Test
    void classifyWhenModernHeaderButNoEnvelopeThenInvalidParams() {
        JsonNode refusal =
                refused(EraClassifier.classify(request("tools/list", "{}"), headers("2026-07-28", "tools/list", null)));

        assertThat(refusal.at("/error/code").asInt()).isEqualTo(-32602);
    }

    @Test
    void classifyWhenEnvelopeLacksClientCapabilitiesThenInvalidParams() {
        JsonNode list =
                request("tools/list", "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}");

        assertThat(refused(EraClassifier.classify(list, headers("2026-07-28", "tools/list", null)))
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32602);
    }

    @Test
    void classifyWhenInitializeCarriesAModernHeaderThenHeaderMismatch() {
        JsonNode initialize = JSON.readTree(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\"}}");

        assertThat(refused(EraClassifier.classify(initialize, headers("2026-07-28", "initialize", null)))
                        .at("/error/code")
                        .asInt())
                .isEqualTo(-32020);
    }

    private static EraClassifier.Headers headers(String version, String method, String name) {
        return new EraClassifier.Headers(version, method, name);
    }

    private static JsonNode request(String method, String params) {
        return JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"" + method + "\",\"params\":" + params + "}");
    }

    private static JsonNode refused(EraClassifier.Era era) {
        assertThat(era).isInstanceOf(EraClassifier.Refused.class);
        EraClassifier.Refused refused = (EraClassifier.Refused) era;
        assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        return refused.response();
    }
}
