package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestStatesTests {

    private static final Instant NOW = Instant.parse("2026-08-01T10:00:00Z");
    private static final UUID USER = UUID.randomUUID();

    private final RequestStates states = new RequestStates(new SecureRandom());
    private final String state = states.seal("round-1", USER, "tools/call", "s__ask", NOW.plusSeconds(60));

    @Test
    void openWhenIntactAndTheSameRequestThenTheRound() {
        assertThat(states.open(state, USER, "tools/call", "s__ask", NOW)).contains("round-1");
    }

    @Test
    void openWhenThePayloadIsAlteredThenNothing() {
        String payload = state.substring(0, state.indexOf('.'));
        String decoded = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(decoded.replace("round-1", "round-2").getBytes(StandardCharsets.UTF_8))
                + state.substring(state.indexOf('.'));

        assertThat(states.open(forged, USER, "tools/call", "s__ask", NOW)).isEmpty();
    }

    @Test
    void openWhenTheSignatureIsAlteredThenNothing() {
        // A signature character in full: the last one carries bits the decoder ignores.
        int at = state.indexOf('.') + 1;
        String altered = state.substring(0, at) + (state.charAt(at) == 'A' ? 'B' : 'A') + state.substring(at + 1);

        assertThat(states.open(altered, USER, "tools/call", "s__ask", NOW)).isEmpty();
        assertThat(states.open("not a state", USER, "tools/call", "s__ask", NOW))
                .isEmpty();
        assertThat(states.open(null, USER, "tools/call", "s__ask", NOW)).isEmpty();
    }

    @Test
    void openWhenPresentedByAnotherUserThenNothing() {
        assertThat(states.open(state, UUID.randomUUID(), "tools/call", "s__ask", NOW))
                .isEmpty();
    }

    @Test
    void openWhenOnAnotherMethodOrNameThenNothing() {
        assertThat(states.open(state, USER, "prompts/get", "s__ask", NOW)).isEmpty();
        assertThat(states.open(state, USER, "tools/call", "s__delete-everything", NOW))
                .isEmpty();
    }

    @Test
    void openWhenExpiredThenNothing() {
        assertThat(states.open(state, USER, "tools/call", "s__ask", NOW.plusSeconds(60)))
                .isEmpty();
    }

    @Test
    void openWhenSealedByAnotherProcessThenNothing() {
        RequestStates other = new RequestStates(new SecureRandom());

        assertThat(other.open(state, USER, "tools/call", "s__ask", NOW)).isEmpty();
    }
}
