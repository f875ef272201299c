package dev.mcp.ambassador.mcp;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 2026-07-28 multi round-trip requests waiting for their client: a downstream asked for
 * sampling, elicitation or roots during a modern client's request, the client was answered with
 * an {@code InputRequiredResult}, and the downstream call waits, still in flight, until the
 * client retries with its input or the downstream's own time limit passes.
 */
@Component
class InputRounds {

    /** The key of a round's input request when its server did not name it (a 2025-era server). */
    static final String INPUT_KEY = "ambassador-input";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One question to the client, and the downstream call waiting for its answer. */
    record Round(
            String id,
            UUID userId,
            ModernExchange exchange,
            ObjectNode inputRequests,
            CompletableFuture<JsonNode> answer,
            String state) {}

    private final Map<String, Round> rounds = new ConcurrentHashMap<>();
    private final RequestStates states = new RequestStates(RANDOM);
    private final Clock clock;

    InputRounds(Clock clock) {
        this.clock = clock;
    }

    /**
     * Opens a round for {@code inputRequests} ({@code {"method", "params"}} by the key its server
     * gave each) asked during {@code exchange}; it lasts {@code timeout}. Its answer is the
     * client's {@code inputResponses}, once they answer every key.
     */
    Round open(ModernExchange exchange, ObjectNode inputRequests, Duration timeout) {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String id = HexFormat.of().formatHex(random);
        String state = states.seal(
                id,
                exchange.userId(),
                exchange.requestMethod(),
                exchange.requestName(),
                clock.instant().plus(timeout));
        Round round = new Round(id, exchange.userId(), exchange, inputRequests, new CompletableFuture<>(), state);
        rounds.put(id, round);
        return round;
    }

    void close(Round round) {
        rounds.remove(round.id(), round);
    }

    /**
     * The round a retry continues: only with an intact state, presented by the user it was made
     * for, on the same method and name, before it expired, while the downstream still waits.
     * A round resumes once: the same state presented again finds nothing.
     */
    Optional<Round> resume(String state, UUID user, String method, String name) {
        return states.open(state, user, method, name, clock.instant())
                .map(rounds::remove)
                .filter(round -> round.userId().equals(user));
    }

    /** Puts back a round whose retry did not answer its question, for the next retry. */
    void reopen(Round round) {
        rounds.putIfAbsent(round.id(), round);
    }

    /** The {@code InputRequiredResult} that asks the client the round's questions. */
    static ObjectNode inputRequired(Round round) {
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("resultType", "input_required");
        result.set("inputRequests", round.inputRequests());
        result.put("requestState", round.state());
        result.putObject("_meta").set(ModernResults.SERVER_INFO_KEY, McpRequests.serverInfo());
        return result;
    }
}
