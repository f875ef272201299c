package dev.mcp.ambassador.audit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Writes security events to the {@code dev.mcp.ambassador.security} log, one line each. */
@Component
class LoggingSecurityEvents implements SecurityEvents {

    private static final Logger log = LoggerFactory.getLogger("dev.mcp.ambassador.security");

    @Override
    public void record(SecurityEvent event) {
        log.info(
                "security event={} user={} subject={} client={} reason={}",
                event.type(),
                event.userId(),
                event.subject(),
                event.clientAddress(),
                event.reason());
    }
}
