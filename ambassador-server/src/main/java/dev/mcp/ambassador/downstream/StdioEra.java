package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Opens a stdio process in the protocol era its catalog entry names: {@code 2025-11-25} with
 * {@code initialize}; {@code 2026-07-28} with {@code server/discover}, refusing a process that does
 * not offer that version; {@code auto} asks {@code server/discover} first and initializes when the
 * answer is an error or a list without 2026-07-28. On stdio a legacy server may also leave a
 * request it does not know before {@code initialize} unanswered, so for {@code auto} silence past
 * {@link #PROBE_LIMIT} means legacy too, as long as the process still runs.
 */
final class StdioEra {

    /** How long {@code auto} waits for {@code server/discover} before it takes silence for legacy. */
    static final Duration PROBE_LIMIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(StdioEra.class);

    private StdioEra() {}

    /**
     * Opens the session; true when the process speaks 2026-07-28, and then its capabilities are
     * those {@code server/discover} returned.
     *
     * @throws DownstreamException when the process refuses, fails or exits
     */
    static boolean open(CatalogServer server, JsonRpcSession session, Duration timeout, BooleanSupplier alive) {
        switch (server.protocol()) {
            case CatalogServer.PROTOCOL_LEGACY -> {
                session.initialize(timeout);
                return false;
            }
            case CatalogServer.PROTOCOL_MODERN -> {
                if (discover(server.slug(), session, timeout)) {
                    return true;
                }
                throw ModernEnvelope.notOffered(server.slug());
            }
            default -> {
                try {
                    if (discover(server.slug(), session, timeout.compareTo(PROBE_LIMIT) < 0 ? timeout : PROBE_LIMIT)) {
                        return true;
                    }
                } catch (DownstreamException e) {
                    if (!e.timedOut() || !alive.getAsBoolean()) {
                        throw e;
                    }
                    log.debug("Downstream '{}' did not answer server/discover; initializing", server.slug());
                }
                session.initialize(timeout);
                return false;
            }
        }
    }

    private static boolean discover(String slug, JsonRpcSession session, Duration timeout) {
        JsonNode answer = session.request("server/discover", ModernEnvelope.params(null), timeout, null);
        if (!ModernEnvelope.offered(answer)) {
            return false;
        }
        session.capabilities(answer.at("/result/capabilities"));
        log.info("Downstream '{}' speaks {} over stdio", slug, ModernEnvelope.VERSION);
        return true;
    }
}
