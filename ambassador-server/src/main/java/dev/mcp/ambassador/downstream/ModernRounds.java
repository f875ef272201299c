package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.pipeline.ClientChannel;
import java.time.Duration;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code InputRequiredResult} rounds of one request to a 2026-07-28 server, whatever carries
 * it: the input requests are put to the caller ({@link InputAnswers}: a legacy client gets each as
 * an ordinary server-to-client request, a modern client all in one round of its own), and the
 * request is sent again with {@code inputResponses} and the server's {@code requestState}, which
 * never leaves the ambassador, until the result is final.
 * The questions belong to the request that got them, so the caller is known even on a process
 * all users share.
 */
final class ModernRounds {

    /** How many times one request may be answered with {@code InputRequiredResult}. */
    static final int MAX_ROUNDS = 10;

    private final String slug;
    private final InputAnswers inputs;

    ModernRounds(String slug, Duration clientTimeout) {
        this.slug = slug;
        this.inputs = new InputAnswers(slug, new InFlightRequests(), clientTimeout);
    }

    /**
     * Sends {@code params} (already in their envelope) through {@code send}, once per round, and
     * returns the final response as a 2025-11-25 client expects it ({@link ModernEnvelope#asLegacy}).
     *
     * @param call names this request among the downstream's, for the questions asked on its behalf
     * @param send one exchange with the server: the params of a round in, the whole response out
     */
    JsonNode run(long call, ObjectNode params, ClientChannel caller, Function<ObjectNode, JsonNode> send) {
        ObjectNode current = params;
        for (int round = 1; ; round++) {
            JsonNode answer = send.apply(current);
            if (!ModernEnvelope.inputRequired(answer)) {
                return ModernEnvelope.asLegacy(answer);
            }
            if (round == MAX_ROUNDS) {
                throw new DownstreamException(
                        "Server '" + slug + "' asked for input more than " + MAX_ROUNDS + " times in one request.");
            }
            ObjectNode failed = inputs.answer(call, answer.get("result"), caller, current);
            if (failed != null) {
                return failed;
            }
        }
    }
}
