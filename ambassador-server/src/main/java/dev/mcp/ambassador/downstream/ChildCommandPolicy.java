package dev.mcp.ambassador.downstream;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a catalog entry may run: a {@code command[0]} the operator allow-listed in {@code
 * AMBASSADOR_ALLOWED_COMMANDS}, compared exactly, and no environment variable that changes how
 * programs are loaded or which program a name means. Checked when an entry is written (a 400 naming
 * the field) and again before each start, since the allow-list may have shrunk since.
 */
final class ChildCommandPolicy {

    /** Names refused outright: they make a runtime load code the admin chose, or pick the program. */
    static final Set<String> REFUSED_NAMES = Set.of(
            "NODE_OPTIONS",
            "NODE_PATH",
            "JAVA_TOOL_OPTIONS",
            "_JAVA_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "CLASSPATH",
            "PYTHONPATH",
            "PYTHONHOME",
            "PYTHONSTARTUP",
            "PYTHONUSERBASE",
            "PERL5LIB",
            "PERL5OPT",
            "PERLLIB",
            "RUBYLIB",
            "RUBYOPT",
            "BASH_ENV",
            "ENV",
            "GCONV_PATH",
            "GIT_EXEC_PATH",
            "PATH",
            "HOME",
            "SHELL",
            "IFS");

    /** Prefixes refused outright: the dynamic loaders' variables. */
    static final List<String> REFUSED_PREFIXES = List.of("LD_", "DYLD_", "MALLOC_", "GLIBC_TUNABLES");

    private final Set<String> allowedCommands;

    ChildCommandPolicy(List<String> allowedCommands) {
        this.allowedCommands = Set.copyOf(allowedCommands.stream()
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .toList());
    }

    boolean allowsNothing() {
        return allowedCommands.isEmpty();
    }

    /** Why {@code command} may not run, or empty when it may. */
    Optional<String> refuseCommand(List<String> command) {
        if (command == null || command.isEmpty()) {
            return Optional.of("a stdio server needs an argument vector");
        }
        String executable = command.getFirst();
        if (!allowedCommands.contains(executable)) {
            return Optional.of("'" + executable + "' is not an allowed command; the operator allows "
                    + (allowedCommands.isEmpty()
                            ? "none"
                            : String.join(
                                    ", ", allowedCommands.stream().sorted().toList()))
                    + " (AMBASSADOR_ALLOWED_COMMANDS)");
        }
        return Optional.empty();
    }

    /** The first variable of {@code env} that may not be set, with the reason, or empty. */
    Optional<String> refuseEnvironment(Map<String, String> env) {
        if (env == null) {
            return Optional.empty();
        }
        return env.keySet().stream()
                .sorted()
                .filter(ChildCommandPolicy::refusedName)
                .findFirst()
                .map(name -> "'" + name + "' may not be set: it changes which code a program loads or runs");
    }

    static boolean refusedName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return REFUSED_NAMES.contains(upper) || REFUSED_PREFIXES.stream().anyMatch(upper::startsWith);
    }
}
