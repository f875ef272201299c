package dev.mcp.ambassador.cli;

/**
 * The exit codes of every {@code ambassador} command, as documented in docs/clients.md. Scripts may
 * rely on them.
 */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;

    /** The server refused the request (shown as its problem detail), or another runtime failure. */
    public static final int FAILED = 1;

    /** The command line was wrong: unknown option, missing argument (picocli's usage error). */
    public static final int USAGE = 2;

    /** No credentials, or the server did not accept them (preshared key, API key, password). */
    public static final int NOT_AUTHENTICATED = 3;

    /** A file holding a secret is readable by group or others, or cannot be read. */
    public static final int INSECURE_FILE = 4;

    /** The server's TLS certificate is not trusted: a changed CA, or a fingerprint that does not match. */
    public static final int UNTRUSTED_SERVER = 5;

    /** The server could not be reached. */
    public static final int UNREACHABLE = 6;

    private ExitCodes() {}
}
