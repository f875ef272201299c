package dev.mcp.ambassador.bench.micro;

import dev.mcp.ambassador.redaction.Redactor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the audit trail does to the arguments of every {@code tools/call} before it records them:
 * a redacted copy of a small, realistic argument object with a secret-named field, a bearer token
 * in a string, a long random word and a remembered credential among ordinary text.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RedactionBenchmark {

    private static final String REMEMBERED = "s3cr3t-credential-value";

    private Redactor redactor;
    private JsonNode arguments;

    @Setup
    public void setUp() {
        redactor = (Redactor) Reflective.construct("dev.mcp.ambassador.redaction.Redactor", List.of());
        redactor.remember(REMEMBERED);
        arguments = JsonMapper.builder()
                .build()
                .readTree("{\"query\":\"select name, email from customers where region = 'north' limit 20\","
                        + "\"api_key\":\"not shown whatever it is\","
                        + "\"headers\":{\"Authorization\":\"Bearer abcdefghijklmnopqrstuvwxyz0123456789\"},"
                        + "\"note\":\"use " + REMEMBERED + " to sign in; trace id Zx81kPq2Lm93Nb74Vc65Xa56Sd47Fg38\","
                        + "\"limit\":20,\"tags\":[\"report\",\"weekly\",\"north\"]}");
        String redacted = redact().toString();
        if (redacted.contains(REMEMBERED) || redacted.contains("abcdefghijklmnopqrstuvwxyz0123456789")) {
            throw new IllegalStateException("The benchmark's secrets should be masked: " + redacted);
        }
    }

    @Benchmark
    public JsonNode redact() {
        return redactor.json(arguments);
    }
}
