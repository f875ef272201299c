package dev.mcp.ambassador.bench.micro;

import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Outcome;
import dev.mcp.ambassador.pipeline.PipelineStep;
import dev.mcp.ambassador.pipeline.RequestKind;
import dev.mcp.ambassador.pipeline.Stage;
import dev.mcp.ambassador.pipeline.Subject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RBAC step as the pipeline runs it for one {@code tools/call} (target: at most 5 µs): the
 * caller's grants and the key's scopes are read from a real PostgreSQL (embedded, schema from the
 * server's own migrations, over one kept-open connection, so no pool or network is counted) and the
 * tool is matched. Beside it, resolving the catalog entry, which happens once per request where it
 * enters. The components are built with the same constructors Spring uses.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RbacDecisionBenchmark {

    private EmbeddedPostgres postgres;
    private SingleConnectionDataSource dataSource;
    private Catalog catalog;
    private PipelineStep rbac;
    private DownstreamRequest call;
    private final PipelineStep.Chain forwarded = request -> new Outcome.Completed(null);

    @Setup
    public void setUp() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        DataSource embedded = postgres.getPostgresDatabase();
        Flyway.configure()
                .dataSource(embedded)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        dataSource = new SingleConnectionDataSource(postgres.getJdbcUrl("postgres", "postgres"), true);
        JdbcClient jdbc = JdbcClient.create(dataSource);
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
        catalog = (Catalog) Reflective.construct("dev.mcp.ambassador.catalog.Catalog", List.of(jdbc, json));
        Object policy = Reflective.construct("dev.mcp.ambassador.rbac.AccessPolicy", List.of(jdbc, json));
        rbac = (PipelineStep) Reflective.construct("dev.mcp.ambassador.rbac.RbacStep", List.of(policy, catalog));
        if (rbac.stage() != Stage.RBAC) {
            throw new IllegalStateException("RbacStep is not the RBAC stage");
        }
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
        if (!(decide() instanceof Outcome.Completed)) {
            throw new IllegalStateException("The benchmark's call should be allowed: " + decide());
        }
    }

    @Benchmark
    public Outcome decide() {
        return rbac.handle(call, forwarded);
    }

    @Benchmark
    public CatalogServer resolveServer() {
        return catalog.findBySlug("echo").orElseThrow();
    }

    @TearDown
    public void tearDown() {
        dataSource.destroy();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
