package dev.mcp.ambassador.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where the CLI tells people what happens: stderr, one line per message, prefixed with
 * {@code ambassador:} and with secrets masked. stdout is reserved for the command's output (and
 * for JSON-RPC in {@code ambassador connect}).
 */
public final class Diagnostics {

    private static final PrintStream ERR =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    private static volatile boolean verbose;

    private Diagnostics() {}

    public static void verbose(boolean on) {
        verbose = on;
    }

    /** A message the user should see. */
    public static void say(String message) {
        ERR.println("ambassador: " + Secrets.mask(message));
    }

    /** A message shown only with {@code --verbose}. */
    public static void debug(String message) {
        if (verbose) {
            say(message);
        }
    }
}
