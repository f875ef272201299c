package dev.mcp.ambassador.bench.micro;

import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.cluster.ChangeFeed;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.PipelineStep;
import dev.mcp.ambassador.pipeline.RequestKind;
import dev.mcp.ambassador.pipeline.Stage;
import dev.mcp.ambassador.pipeline.Subject;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RBAC step as the pipeline runs it for one {@code tools/call} (target: at most 5 µs), on a
 * real PostgreSQL holding the user, the server, a grant and a scoped key. {@code decide} is what a
 * server does while its change feed listens: the grants and the key's scopes come from memory, and
 * the tool is matched. {@code decideCold} is the same step on a replica whose feed is out of touch
 * (and so what every request cost before the caches): both read from the database over one
 * kept-open connection, so no pool or network is counted. Beside them, resolving the catalog entry,
 * which happens once per request where it enters, cached and cold. The components are built with
 * the same constructors Spring uses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RbacDecisionBenchmark {

    private BenchDatabase database;
    private ChangeFeed listening;
    private Catalog catalog;
    private Catalog coldCatalog;
    private PipelineStep rbac;
    private PipelineStep coldRbac;
    private DownstreamRequest call;
    private final PipelineStep.Chain forwarded = request -> new Outcome.Completed(null);

    @Setup
    public void setUp() {
        database = BenchDatabase.start();
        JdbcClient jdbc = database.jdbc();
        UUID user = UUID.randomUUID();
        UUID server = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        jdbc.sql("insert into users (id, username, roles) values (?, 'bench', '{USER}')")
                .param(user)
                .update();
        jdbc.sql("insert into servers (id, slug, display_name, transport, command, status)"
                        + " values (?, 'echo', 'echo', 'stdio', '[\"echo\"]', 'published')")
                .param(server)
                .update();
        jdbc.sql("insert into grants (id, user_id, server_id, allow, deny) values (?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), user, server, new String[] {"*"}, new String[] {"delete_*"})
                .update();
        jdbc.sql("insert into preshared_keys (id, user_id, name, prefix, key_hash, scopes)"
                        + " values (?, ?, 'bench', 'abcdefgh', 'unused', '[{\"server\":\"echo\",\"allow\":[\"e*\"]}]')")
                .params(key, user)
                .update();
        JsonMapper json = JsonMapper.builder().build();
        listening = database.feed(true);
        ChangeFeed outOfTouch = database.feed(false);
        catalog = (Catalog) Reflective.construct("dev.mcp.ambassador.catalog.Catalog", List.of(jdbc, json, listening));
        coldCatalog =
                (Catalog) Reflective.construct("dev.mcp.ambassador.catalog.Catalog", List.of(jdbc, json, outOfTouch));
        rbac = rbacStep(jdbc, json, listening);
        coldRbac = rbacStep(jdbc, json, outOfTouch);
        call = new DownstreamRequest(
                RequestKind.TOOLS_CALL,
                user,
                UUID.randomUUID(),
                key,
                DownstreamRequest.Origin.UNKNOWN,
                "echo",
                resolveServer(),
                Subject.tool("echo"),
                json.createObjectNode(),
                null);
        if (!(decide() instanceof Outcome.Completed) || !(decideCold() instanceof Outcome.Completed)) {
            throw new IllegalStateException("The benchmark's call should be allowed: " + decideCold());
        }
    }

    private static PipelineStep rbacStep(JdbcClient jdbc, JsonMapper json, ChangeFeed feed) {
        Object policy = Reflective.construct("dev.mcp.ambassador.rbac.AccessPolicy", List.of(jdbc, json, feed));
        PipelineStep step = (PipelineStep) Reflective.construct("dev.mcp.ambassador.rbac.RbacStep", List.of(policy));
        if (step.stage() != Stage.RBAC) {
            throw new IllegalStateException("RbacStep is not the RBAC stage");
        }
        return step;
    }

    @Benchmark
    public Outcome decide() {
        return rbac.handle(call, forwarded);
    }

    @Benchmark
    public Outcome decideCold() {
        return coldRbac.handle(call, forwarded);
    }

    @Benchmark
    public CatalogServer resolveServer() {
        return catalog.findBySlug("echo").orElseThrow();
    }

    @Benchmark
    public CatalogServer resolveServerCold() {
        return coldCatalog.findBySlug("echo").orElseThrow();
    }

    @TearDown
    public void tearDown() {
        listening.stop();
        database.close();
    }
}
