package dev.mcp.ambassador.cli;

/**
 * A failure to report to the user as one message on stderr (never a stack trace) with the exit
 * code from {@link ExitCodes}. Messages never contain secrets.
 */
public final class CliException extends RuntimeException {

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
