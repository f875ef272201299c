package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.downstream.DownstreamConnections;
import dev.mcp.ambassador.pipeline.InFlightCalls;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.RequestPipeline;
import dev.mcp.ambassador.pipeline.Stage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The order in which the server stops, on SIGTERM or any other close of the application: new MCP
 * requests are refused, the requests in progress get {@code drainTimeout} to finish, those still
 * running are then stopped and answered with a refusal, every MCP session ends (which ends its GET
 * stream), and every downstream process stops. Only then does the web server shut down (it has
 * nothing left to wait for) and, last of all as the beans are destroyed, the database.
 */
@Component
class OrderlyShutdown implements SmartLifecycle {

    /** How long the calls still running get, once stopped, to be answered with the refusal. */
    private static final Duration ANSWER_STOPPED = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(OrderlyShutdown.class);

    /**
     * @param drainTimeout how long requests in progress may still take once shutdown begins
     */
    @ConfigurationProperties("ambassador.shutdown")
    record Settings(@DefaultValue("10s") Duration drainTimeout) {}

    private final ShutdownGate gate;
    private final InFlightCalls inFlight;
    private final McpSessions sessions;
    private final DownstreamConnections connections;
    private final Duration drainTimeout;
    private volatile boolean running;

    OrderlyShutdown(
            ShutdownGate gate,
            InFlightCalls inFlight,
            McpSessions sessions,
            DownstreamConnections connections,
            Settings settings) {
        this.gate = gate;
        this.inFlight = inFlight;
        this.sessions = sessions;
        this.connections = connections;
        this.drainTimeout = settings.drainTimeout();
    }

    @Override
    public void start() {
        gate.open();
        running = true;
    }

    @Override
    public void stop() {
        try {
            gate.close();
            log.info(
                    "Shutting down: new MCP requests are refused; {} in progress get up to {}",
                    gate.inProgress(),
                    drainTimeout);
            if (!gate.awaitIdle(drainTimeout)) {
                int stopped = inFlight.stop(
                        request -> true,
                        new Outcome.Refused(
                                Stage.FORWARD,
                                RequestPipeline.REFUSED,
                                "The ambassador is shutting down, so the call was stopped. Try again in a moment.",
                                ShutdownGate.RETRY_AFTER_SECONDS));
                log.info("Stopped {} calls still running after {}", stopped, drainTimeout);
                gate.awaitIdle(ANSWER_STOPPED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            int ended = sessions.endAll();
            log.info("Ended {} MCP sessions", ended);
            connections.stopAll();
            log.info("Downstream processes stopped");
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just before the web server's graceful shutdown, which then finds nothing left to wait for. */
    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
    }
}
