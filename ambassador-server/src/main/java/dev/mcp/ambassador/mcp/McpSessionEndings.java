package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.downstream.DownstreamConnections;
import dev.mcp.ambassador.downstream.DownstreamException;
import dev.mcp.ambassador.redaction.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tidies up downstream after an MCP session: subscriptions nobody else holds are ended, and when
 * it was its user's last session, the processes and sessions that serve that user alone stop.
 * Off the thread that ended the session: stopping a process can take seconds.
 */
@Component
class McpSessionEndings {

    private static final Logger log = LoggerFactory.getLogger(McpSessionEndings.class);

    private final McpSessions sessions;
    private final DownstreamConnections connections;
    private final Redactor redactor;
    private final JsonMapper json;

    McpSessionEndings(McpSessions sessions, DownstreamConnections connections, JsonMapper json, Redactor redactor) {
        this.redactor = redactor;
        this.sessions = sessions;
        this.connections = connections;
        this.json = json;
    }

    @EventListener
    void onEnded(McpSessionEnded ended) {
        Thread.ofVirtual().name("mcp-session-ended").start(() -> tidyUp(ended));
    }

    private void tidyUp(McpSessionEnded ended) {
        McpSession session = ended.session();
        session.subscriptions().forEach((key, subscription) -> {
            boolean released = ended.lastOfUser() && subscription.owner() != null;
            if (released || sessions.anySubscribed(key)) {
                return;
            }
            try {
                connections.requestIfRunning(
                        subscription.server(),
                        session.userId(),
                        "resources/unsubscribe",
                        json.createObjectNode().put("uri", subscription.downstreamUri()));
            } catch (DownstreamException e) {
                log.debug(
                        "Could not unsubscribe from '{}': {}",
                        subscription.server().slug(),
                        redactor.forLog(e.getMessage()));
            }
        });
        // Asked again: the user may have opened a new session meanwhile.
        if (ended.lastOfUser() && !sessions.hasSessions(session.userId())) {
            connections.release(session.userId());
        }
    }
}
