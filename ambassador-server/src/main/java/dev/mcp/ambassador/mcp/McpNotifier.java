package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.downstream.DownstreamListener;
import dev.mcp.ambassador.pipeline.Subject;
import dev.mcp.ambassador.rbac.AccessChangedEvent;
import dev.mcp.ambassador.redaction.Redactor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends clients, on their GET stream, what belongs to no request of theirs: that a list changed
 * (downstream, or because grants or the catalog did), that a subscribed resource was updated, and
 * log messages of a server that serves only them. A shared server's log messages outside a request
 * go nowhere: there is no telling whose data they might hold.
 */
@Component
class McpNotifier implements DownstreamListener {

    private static final Logger log = LoggerFactory.getLogger(McpNotifier.class);
    private static final List<String> LIST_CHANGED = List.of(
            "notifications/tools/list_changed",
            "notifications/resources/list_changed",
            "notifications/prompts/list_changed");

    private final McpSessions sessions;
    private final ResourceAndPromptRelay relay;
    private final JsonMapper json;
    private final TaskRegistry tasks;
    private final Redactor redactor;

    McpNotifier(
            McpSessions sessions,
            ResourceAndPromptRelay relay,
            JsonMapper json,
            TaskRegistry tasks,
            Redactor redactor) {
        this.redactor = redactor;
        this.sessions = sessions;
        this.tasks = tasks;
        this.relay = relay;
        this.json = json;
    }

    @Override
    public void onNotification(CatalogServer server, UUID userId, String connectionId, String method, JsonNode params) {
        Audience audience = new Audience(server, userId);
        if (LIST_CHANGED.contains(method)) {
            for (McpSession session : sessions.live()) {
                if (audience.hears(session)) {
                    session.sendStandalone(message(method, null));
                }
            }
        } else if (method.equals("notifications/resources/updated")) {
            String key = McpSessions.subscriptionKey(
                    server.id(), userId, params.path("uri").asString(""));
            for (McpSession session : sessions.live()) {
                McpSession.Subscription subscription = session.subscriptions().get(key);
                // Subscribed when RBAC allowed it; a grant that has since denied the URI stops the updates.
                if (subscription != null
                        && audience.hears(session)
                        && relay.permits(
                                session.userId(),
                                session.presharedKeyId(),
                                server,
                                Subject.resource(subscription.downstreamUri()))) {
                    ObjectNode mapped = params.isObject() ? (ObjectNode) params.deepCopy() : json.createObjectNode();
                    mapped.put("uri", subscription.clientUri());
                    session.sendStandalone(message(method, mapped));
                }
            }
        } else if (method.equals("notifications/tasks/status")) {
            tasks.findDownstream(connectionId, params.path("taskId").asString(""))
                    .ifPresent(task -> sessions.peek(task.mcpSessionId(), task.userId())
                            .filter(audience::hears)
                            .ifPresent(session -> session.sendStandalone(
                                    message(method, McpTasks.mapTaskIds(params.deepCopy(), task)))));
        } else if (method.equals("notifications/message") && userId != null) {
            for (McpSession session : sessions.live()) {
                if (audience.hears(session) && Exchange.wanted(session, params)) {
                    session.sendStandalone(message(method, params));
                }
            }
        } else {
            log.debug("Not relaying {} from '{}'", redactor.forLog(method), server.slug());
        }
    }

    /**
     * Who may hear what one server sends on its own: the sessions of the user a process serves
     * alone, or of every user for a shared one; in both cases only while the session's user, within
     * the scope of the key it registered with, still reaches the server. Answers are remembered
     * for the one notification, since many sessions share a user.
     */
    private final class Audience {
        private final CatalogServer server;
        private final UUID owner;
        private final Map<String, Boolean> reaches = new HashMap<>();

        Audience(CatalogServer server, UUID owner) {
            this.server = server;
            this.owner = owner;
        }

        boolean hears(McpSession session) {
            if (owner != null && !owner.equals(session.userId())) {
                return false;
            }
            return reaches.computeIfAbsent(
                    session.userId() + "/" + session.presharedKeyId(),
                    who -> relay.reachesWithKey(session.userId(), session.presharedKeyId(), server));
        }
    }

    /** Grants, groups or the catalog changed: every client should list again. */
    @EventListener
    void onAccessChanged(AccessChangedEvent event) {
        // What serves one user alone on a server they lost ends, so nothing more of it reaches them.
        Thread.ofVirtual().name("mcp-release-ungranted").start(relay::releaseWhereNotGranted);
        List<McpSession> live = sessions.live();
        for (McpSession session : live) {
            LIST_CHANGED.forEach(method -> session.sendStandalone(message(method, null)));
        }
        log.debug("Told {} MCP sessions to list again: {}", live.size(), event.what());
    }

    private String message(String method, JsonNode params) {
        ObjectNode message = json.createObjectNode().put("jsonrpc", "2.0").put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        return json.writeValueAsString(message);
    }
}
