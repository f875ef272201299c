package dev.mcp.ambassador.session;

/** A session token was refused. The reason is for logs and audit, never for the caller. */
public final class SessionTokenException extends Exception {

    /** Why a token was refused. */
    public enum Reason {
        MALFORMED,
        UNKNOWN_SIGNING_KEY,
        BAD_SIGNATURE,
        EXPIRED,
        /** Issued in the future, or valid for longer than any session may live. */
        OUT_OF_BOUNDS,
        REVOKED
    }

    private final Reason reason;

    SessionTokenException(Reason reason) {
        super("session token refused: " + reason.name().toLowerCase(java.util.Locale.ROOT), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
