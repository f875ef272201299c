package dev.mcp.ambassador.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads a secret from the terminal without echo, or as one line from stdin when piped. */
public final class Passwords {

    private static BufferedReader stdin;

    private Passwords() {}

    // One reader for the whole run, so that several secrets can be piped in, one per line.
    private static synchronized BufferedReader stdin() {
        if (stdin == null) {
            stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return stdin;
    }

    /** Console.isTerminal() exists from Java 22 on; before that a console is only there for a terminal. */
    public static boolean isTerminal(Console console) {
        try {
            return (boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    public static String read(String prompt) {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            char[] typed = console.readPassword("%s", prompt);
            if (typed == null || typed.length == 0) {
                throw new CliException(ExitCodes.USAGE, "no password given");
            }
            return new String(typed);
        }
        try {
            String line = stdin().readLine();
            if (line == null || line.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "no password on stdin");
            }
            return line;
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read the password from stdin");
        }
    }
}
