package dev.mcp.ambassador.downstream;

import java.util.List;
import java.util.Map;

/**
 * The environment of a downstream process: empty, plus a short allow-list copied from the server's
 * own environment, plus what the catalog entry configures. Nothing else of the server leaks in —
 * least of all its own secrets ({@code AMBASSADOR_MASTER_KEY} and the like).
 */
final class ChildEnvironment {

    static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "TZ");

    private ChildEnvironment() {}

    static void apply(Map<String, String> target, Map<String, String> parent, Map<String, String> configured) {
        target.clear();
        for (String name : INHERITED) {
            String value = parent.get(name);
            if (value != null) {
                target.put(name, value);
            }
        }
        target.putAll(configured);
    }
}
