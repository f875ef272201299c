package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.mcp.ambassador.downstream.DownstreamConnections;
import dev.mcp.ambassador.pipeline.InFlightCalls;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shutdown order closes the door of {@code /mcp}; a context that is started again after a stop
 * (paused and resumed) opens it again, rather than refusing every request from then on.
 */
class OrderlyShutdownTests {

    private final ShutdownGate gate = new ShutdownGate(JsonMapper.builder().build());
    private final OrderlyShutdown shutdown = new OrderlyShutdown(
            gate,
            new InFlightCalls(),
            mock(McpSessions.class),
            mock(DownstreamConnections.class),
            new OrderlyShutdown.Settings(Duration.ofSeconds(1)));
    private final AtomicInteger passed = new AtomicInteger();

    @Test
    void stopThenStartWhenAContextIsResumedThenMcpRequestsAreAnsweredAgain() throws Exception {
        shutdown.start();
        assertThat(post()).isEqualTo(200);

        shutdown.stop();
        assertThat(post()).as("refused while stopped").isEqualTo(503);

        shutdown.start();
        assertThat(post()).as("answered again once started").isEqualTo(200);
        assertThat(passed.get()).isEqualTo(2);
    }

    private int post() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
        MockHttpServletResponse response = new MockHttpServletResponse();
        gate.doFilter(request, response, (req, res) -> passed.incrementAndGet());
        return response.getStatus();
    }
}
