package dev.mcp.ambassador.bench.micro;

import dev.mcp.ambassador.rbac.AccessPolicy.AccessRules;
import dev.mcp.ambassador.rbac.AccessPolicy.Patterns;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The in-memory half of the RBAC decision: matching a tool name against the grants' allow and deny
 * globs and the key's scope, once the rules are loaded. {@link RbacDecisionBenchmark} measures the
 * whole decision as the pipeline makes it today, loading included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RbacRulesBenchmark {

    private static final Patterns NONE = new Patterns(Set.of(), Set.of());

    private final AccessRules allowAll = new AccessRules(true, new Patterns(Set.of("*"), Set.of()), NONE, NONE, null);
    private final AccessRules realistic = new AccessRules(
            true,
            new Patterns(Set.of("get_*", "list_*", "search_?ssues", "echo"), Set.of("delete_*", "admin_*")),
            NONE,
            NONE,
            Set.of("echo", "get_*", "list_*"));

    @Benchmark
    public boolean permitsAllowAll() {
        return allowAll.permitsTool("echo");
    }

    @Benchmark
    public boolean permitsGlobsDenyAndKeyScope() {
        return realistic.permitsTool("get_weather");
    }
}
