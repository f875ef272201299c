package dev.mcp.ambassador.bench.micro;

import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.PipelineStep;
import dev.mcp.ambassador.pipeline.RequestKind;
import dev.mcp.ambassador.pipeline.Stage;
import dev.mcp.ambassador.pipeline.Subject;
import dev.mcp.ambassador.ratelimit.RateLimitProperties;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The rate-limit step as the pipeline runs it for one {@code tools/call}, with the default memory
 * store: the limits made through the admin API (in a real PostgreSQL, read from memory while the
 * change feed listens) and the configured defaults are matched against the request, and a token is
 * taken from each budget that applies. The stored limits name another user and another tool (a
 * stored limit may hold at most a million tokens, fewer than a run takes); the budgets that apply
 * are the configured defaults of the user and of the key, large enough not to run out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RateLimitBenchmark {

    private static final RateLimitProperties.Limit PLENTY =
            new RateLimitProperties.Limit(1_000_000_000_000L, 60_000_000_000L);
    private static final long MOST_STORED = 1_000_000;

    private BenchDatabase database;
    private ChangeFeed feed;
    private PipelineStep step;
    private DownstreamRequest call;
    private final PipelineStep.Chain forwarded = request -> new Outcome.Completed(null);

    @Setup
    public void setUp() {
        database = BenchDatabase.start();
        UUID user = UUID.randomUUID();
        for (String[] limit : new String[][] {{"user", UUID.randomUUID().toString()}, {"tool", "echo/other"}}) {
            database.jdbc()
                    .sql("insert into rate_limits (id, scope, target, capacity, refill_per_minute, created_by_name)"
                            + " values (?, ?, ?, ?, ?, 'bench')")
                    .params(UUID.randomUUID(), limit[0], limit[1], MOST_STORED, MOST_STORED)
                    .update();
        }
        feed = database.feed(true);
        RateLimitProperties.Limit off = new RateLimitProperties.Limit(0, 0);
        RateLimitProperties properties =
                new RateLimitProperties(RateLimitProperties.Store.MEMORY, 256, PLENTY, PLENTY, off, off, off);
        Object limits = Reflective.construct("dev.mcp.ambassador.ratelimit.RateLimits", List.of(database.jdbc(), feed));
        Object policy =
                Reflective.construct("dev.mcp.ambassador.ratelimit.RateLimitPolicy", List.of(limits, properties));
        Object store = Reflective.construct("dev.mcp.ambassador.ratelimit.MemoryBucketStore", List.of());
        step = (PipelineStep)
                Reflective.construct("dev.mcp.ambassador.ratelimit.RateLimitStep", List.of(policy, store, properties));
        if (step.stage() != Stage.RATE_LIMIT) {
            throw new IllegalStateException("RateLimitStep is not the RATE_LIMIT stage");
        }
        call = new DownstreamRequest(
                RequestKind.TOOLS_CALL,
                user,
                UUID.randomUUID(),
                UUID.randomUUID(),
                DownstreamRequest.Origin.UNKNOWN,
                "echo",
                null,
                Subject.tool("echo"),
                null,
                null);
        if (!(check() instanceof Outcome.Completed)) {
            throw new IllegalStateException("The benchmark's call should pass: " + check());
        }
    }

    @Benchmark
    public Outcome check() {
        return step.handle(call, forwarded);
    }

    @TearDown
    public void tearDown() {
        feed.stop();
        database.close();
    }
}
