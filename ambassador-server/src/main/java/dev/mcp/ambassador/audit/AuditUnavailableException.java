package dev.mcp.ambassador.audit;

/** The audit trail could not record something durably; whatever depended on it must not happen. */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message) {
        super(message);
    }
}
