package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens a remote server in the protocol era its catalog entry names: {@code 2025-11-25} with
 * {@code initialize} and a session ({@link HttpDownstream}); {@code 2026-07-28} without, each
 * request in its own envelope ({@link ModernHttpDownstream}); {@code auto} asks {@code
 * server/discover} at 2026-07-28 first and opens a legacy session when the server does not offer
 * that version. A server that cannot be reached at all is not tried a second way.
 */
final class RemoteDownstreams {

    private static final Logger log = LoggerFactory.getLogger(RemoteDownstreams.class);

    private RemoteDownstreams() {}

    static Downstream open(
            CatalogServer server,
            PinnedHttpClients clients,
            DownstreamAddressGuard guard,
            JsonMapper json,
            Duration timeout,
            BiConsumer<String, JsonNode> unsolicited) {
        return switch (server.protocol()) {
            case CatalogServer.PROTOCOL_LEGACY ->
                HttpDownstream.start(server, clients, guard, json, timeout, unsolicited);
            case CatalogServer.PROTOCOL_MODERN ->
                ModernHttpDownstream.discover(server, clients, guard, json, timeout, unsolicited)
                        .orElseThrow(() -> ModernEnvelope.notOffered(server.slug()));
            default ->
                ModernHttpDownstream.discover(server, clients, guard, json, timeout, unsolicited)
                        .<Downstream>map(modern -> modern)
                        .orElseGet(() -> {
                            log.debug("Remote downstream '{}' does not offer 2026-07-28; initializing", server.slug());
                            return HttpDownstream.start(server, clients, guard, json, timeout, unsolicited);
                        });
        };
    }

    /** The address to connect to, once {@code guard} has checked the entry's URL. */
    static DownstreamAddressGuard.Target checked(CatalogServer server, DownstreamAddressGuard guard) {
        try {
            return guard.target(server.url());
        } catch (DownstreamAddressGuard.Refused e) {
            log.warn("Refusing to connect to downstream '{}': its URL {}", server.slug(), e.getMessage());
            throw new DownstreamException("Server '" + server.slug()
                    + "' has an address the ambassador may not connect to; see the ambassador log.");
        }
    }
}
