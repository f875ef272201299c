package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.cluster.Replicas;
import org.springframework.stereotype.Component;

/** Tells the replica list how many MCP sessions this replica holds. */
@Component
class McpSessionGauge {

    McpSessionGauge(Replicas replicas, McpSessions sessions) {
        replicas.measure(Replicas.Measure.SESSIONS, sessions::size);
    }
}
