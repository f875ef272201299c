package dev.mcp.ambassador.bench.micro;

import dev.mcp.ambassador.audit.AuditProperties;
import dev.mcp.ambassador.audit.AuditRecord;
import dev.mcp.ambassador.audit.AuditTrail;
import dev.mcp.ambassador.redaction.Redactor;
import java.time.Clock;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Threads;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appending one {@code mcp.request} row to the durable, hash-chained audit trail on a real
 * PostgreSQL, as the audit step does before every forward: redaction, the queue, and the writer's
 * group commit (one transaction per batch under the chain's advisory lock). {@code append} is one
 * caller alone, so every row is a commit of its own; {@code appendConcurrently} is eight callers at
 * once, whose rows share commits: the time per append there shows what batching saves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AuditBenchmark {

    private BenchDatabase database;
    private AuditTrail trail;
    private Object writer;
    private AuditRecord record;

    @Setup
    public void setUp() {
        database = BenchDatabase.start();
        JsonMapper json = JsonMapper.builder().build();
        AuditProperties properties = new AuditProperties(Duration.ofDays(90), 10_000, 500, Duration.ofSeconds(5), 4096);
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        TransactionTemplate transactions =
                new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));
        writer = Reflective.construct(
                "dev.mcp.ambassador.audit.AuditWriter", List.of(jdbc, transactions, json, properties));
        trail = (AuditTrail) Reflective.construct(
                "dev.mcp.ambassador.audit.AuditTrail",
                List.of(writer, new Redactor(), json, Clock.systemUTC(), properties));
        JsonNode arguments = json.readTree("{\"message\":\"hello\",\"count\":3}");
        record = new AuditRecord(
                "mcp.request",
                null,
                UUID.randomUUID(),
                "bench",
                UUID.randomUUID(),
                UUID.randomUUID(),
                null,
                "modern",
                "2026-07-28",
                "bench client",
                "127.0.0.1",
                "echo",
                "tools/call",
                "echo",
                arguments,
                "allowed",
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        append();
    }

    @Benchmark
    public long append() {
        return trail.append(record);
    }

    @Benchmark
    @Threads(8)
    public long appendConcurrently() {
        return trail.append(record);
    }

    @TearDown
    public void tearDown() throws Exception {
        ((DisposableBean) writer).destroy();
        database.close();
    }
}
