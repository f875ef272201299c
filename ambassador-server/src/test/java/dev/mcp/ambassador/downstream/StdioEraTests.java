package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.ClientChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** How a stdio process is opened per {@code protocol}, against a scripted process. */
class StdioEraTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    /** Answers each request the script has an answer for, at once; leaves the rest unanswered. */
    private static final class ScriptedProcess implements JsonRpcSession.Transport {
        final List<String> methods = new CopyOnWriteArrayList<>();
        final Function<String, String> answers;
        JsonRpcSession session;

        ScriptedProcess(Function<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public Runnable sendRequest(long id, ObjectNode request, ClientChannel caller, Duration timeout) {
            String method = request.get("method").asString();
            methods.add(method);
            String answer = answers.apply(method);
            if (answer != null) {
                session.receive(JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":" + id + "," + answer + "}"));
            }
            return () -> {};
        }

        @Override
        public void send(ObjectNode message) {
            methods.add(message.get("method").asString());
        }
    }

    private static ScriptedProcess process(Function<String, String> answers) {
        ScriptedProcess process = new ScriptedProcess(answers);
        process.session = new JsonRpcSession("scripted", process, (method, params) -> {}, TIMEOUT, true);
        return process;
    }

    private static CatalogServer entry(String protocol) {
        return new CatalogServer(
                UUID.randomUUID(),
                "scripted",
                "Scripted",
                "stdio",
                List.of("node"),
                Map.of(),
                null,
                Map.of(),
                "shared",
                "published",
                null,
                null,
                null,
                null,
                List.of(),
                protocol,
                CatalogServer.MAP_ALWAYS);
    }

    private static final String INITIALIZED =
            "\"result\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}}}";
    private static final String DISCOVERED =
            "\"result\":{\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{\"tools\":{\"listChanged\":true}}}";

    @Test
    void autoWhenTheProcessOffers20260728ThenItIsNotInitializedAndItsDiscoveredCapabilitiesCount() {
        ScriptedProcess process = process(method -> method.equals("server/discover") ? DISCOVERED : null);

        boolean modern = StdioEra.open(entry("auto"), process.session, TIMEOUT, () -> true);

        assertThat(modern).isTrue();
        assertThat(process.methods).containsExactly("server/discover");
        assertThat(process.session.capabilities().at("/tools/listChanged").asBoolean())
                .isTrue();
    }

    @Test
    void autoWhenTheProcessAnswersDiscoverWithAnErrorThenItIsInitialized() {
        ScriptedProcess process = process(method -> method.equals("server/discover")
                ? "\"error\":{\"code\":-32601,\"message\":\"Method not found\"}"
                : INITIALIZED);

        boolean modern = StdioEra.open(entry("auto"), process.session, TIMEOUT, () -> true);

        assertThat(modern).isFalse();
        assertThat(process.methods).containsExactly("server/discover", "initialize", "notifications/initialized");
    }

    @Test
    void autoWhenTheProcessLeavesDiscoverUnansweredButRunsThenItIsInitialized() {
        ScriptedProcess process = process(method -> method.equals("initialize") ? INITIALIZED : null);

        boolean modern = StdioEra.open(entry("auto"), process.session, TIMEOUT, () -> true);

        assertThat(modern).isFalse();
        // The unanswered probe is cancelled before the handshake.
        assertThat(process.methods)
                .containsExactly(
                        "server/discover", "notifications/cancelled", "initialize", "notifications/initialized");
    }

    @Test
    void autoWhenTheProcessLeavesDiscoverUnansweredAndExitedThenTheStartFails() {
        ScriptedProcess process = process(method -> null);

        assertThatThrownBy(() -> StdioEra.open(entry("auto"), process.session, TIMEOUT, () -> false))
                .isInstanceOf(DownstreamException.class);
        assertThat(process.methods).doesNotContain("initialize");
    }

    @Test
    void pinnedTo20260728WhenTheProcessDoesNotOfferItThenRefusedNamingTheEntry() {
        ScriptedProcess process = process(method -> "\"error\":{\"code\":-32601,\"message\":\"Method not found\"}");

        assertThatThrownBy(() -> StdioEra.open(entry("2026-07-28"), process.session, TIMEOUT, () -> true))
                .isInstanceOf(DownstreamException.class)
                .hasMessageContaining("scripted")
                .hasMessageContaining("auto or 2025-11-25");
        assertThat(process.methods).containsExactly("server/discover");
    }

    @Test
    void pinnedTo20251125ThenOnlyInitializeIsSent() {
        ScriptedProcess process = process(method -> INITIALIZED);

        boolean modern = StdioEra.open(entry("2025-11-25"), process.session, TIMEOUT, () -> true);

        assertThat(modern).isFalse();
        assertThat(process.methods).containsExactly("initialize", "notifications/initialized");
    }

    @Test
    void discoverWhenSentThenItCarriesTheEnvelope() {
        List<JsonNode> sent = new CopyOnWriteArrayList<>();
        ScriptedProcess process = process(method -> DISCOVERED);
        JsonRpcSession.Transport recording = new JsonRpcSession.Transport() {
            @Override
            public Runnable sendRequest(long id, ObjectNode request, ClientChannel caller, Duration timeout) {
                sent.add(request);
                return process.sendRequest(id, request, caller, timeout);
            }

            @Override
            public void send(ObjectNode message) {
                process.send(message);
            }
        };
        process.session = new JsonRpcSession("scripted", recording, (method, params) -> {}, TIMEOUT, true);

        StdioEra.open(entry("2026-07-28"), process.session, TIMEOUT, () -> true);

        assertThat(sent.getFirst()
                        .at("/params/_meta/io.modelcontextprotocol~1protocolVersion")
                        .asString())
                .isEqualTo("2026-07-28");
    }
}
