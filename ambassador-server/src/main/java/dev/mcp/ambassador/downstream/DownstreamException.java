package dev.mcp.ambassador.downstream;

/** A downstream server could not be reached or did not answer. The message is safe to show. */
public class DownstreamException extends RuntimeException {

    private final boolean timedOut;

    DownstreamException(String message, boolean timedOut) {
        super(message, null, false, false);
        this.timedOut = timedOut;
    }

    public DownstreamException(String message) {
        this(message, false);
    }

    public boolean timedOut() {
        return timedOut;
    }
}
