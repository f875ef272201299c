package dev.mcp.ambassador.mcp;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.downstream.DownstreamConnections;
import dev.mcp.ambassador.downstream.ParamHeaders;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks the {@code Mcp-Param-*} headers of a 2026-07-28 client's {@code tools/call} against its
 * arguments, by the declarations the tool's server last listed, before anything runs: as the
 * {@code Mcp-Name} check, so that nothing in front of the ambassador can be told one value while
 * the call carries another.
 */
@Component
class ParamHeaderCheck {

    private static final String PREFIX = "Mcp-Param-";

    private final DownstreamConnections connections;

    ParamHeaderCheck(DownstreamConnections connections) {
        this.connections = connections;
    }

    /** The {@code Mcp-Param-*} headers of a request, by lower-case name. */
    static Map<String, String> sent(HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                headers.putIfAbsent(name.toLowerCase(Locale.ROOT), request.getHeader(name));
            }
        }
        return headers;
    }

    /** Why the headers disagree with the call, or null; always null for a 2025 client. */
    String mismatch(Exchange exchange, CatalogServer server, UUID userId, String tool, JsonNode params) {
        if (!(exchange instanceof ModernExchange modern) || server == null) {
            return null;
        }
        return ParamHeaders.mismatch(
                connections.paramHeaders(server, userId, tool), params.path("arguments"), modern::paramHeader);
    }
}
