package dev.mcp.ambassador.downstream;

import java.util.List;
import java.util.Map;

/**
 * The environment of a downstream process: empty, plus a short allow-list copied from the server's
 * own environment, a private {@code HOME}, plus what the catalog entry configures. Nothing else of
 * the server leaks in — least of all its own secrets ({@code AMBASSADOR_MASTER_KEY} and the like).
 * Under bubblewrap this is also bubblewrap's own environment, which it hands on unchanged; values
 * never appear on a command line, where every local user could read them.
 */
final class ChildEnvironment {

    static final List<String> INHERITED = List.of("PATH", "LANG", "TZ");

    private ChildEnvironment() {}

    static void apply(
            Map<String, String> target, Map<String, String> parent, String home, Map<String, String> configured) {
        target.clear();
        for (String name : INHERITED) {
            String value = parent.get(name);
            if (value != null) {
                target.put(name, value);
            }
        }
        target.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        target.putAll(configured);
        // Last, so no configured value can point a process at another home.
        target.put("HOME", home);
        target.put("PWD", home);
    }
}
