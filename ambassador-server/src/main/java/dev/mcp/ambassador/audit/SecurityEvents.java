package dev.mcp.ambassador.audit;

/**
 * Where every security decision is reported. The one implementation today writes them to the log;
 * the durable, hash-chained audit trail will implement this same interface.
 */
public interface SecurityEvents {

    /** Records {@code event}; must not throw. */
    void record(SecurityEvent event);
}
