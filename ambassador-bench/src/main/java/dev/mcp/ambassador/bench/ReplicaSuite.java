package dev.mcp.ambassador.bench;

import dev.mcp.ambassador.bench.echo.EchoProtocol;
import dev.mcp.ambassador.bench.load.Comparison;
import dev.mcp.ambassador.bench.load.Load;
import dev.mcp.ambassador.bench.load.Target;
import dev.mcp.ambassador.bench.report.Report;
import dev.mcp.ambassador.bench.setup.AdminApi;
import dev.mcp.ambassador.bench.setup.AmbassadorProcess;
import dev.mcp.ambassador.bench.setup.ChildProcess;
import dev.mcp.ambassador.bench.setup.Tls;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One ambassador against two on one PostgreSQL, in one run: both replicas run throughout, share
 * the database and the secrets, and broker to the same echo server over HTTP. The baseline's
 * clients all use the first replica; the other target's clients open their sessions on the two in
 * turn and stay there, as behind a load balancer with affinity. Reported as the ratio of calls/s.
 */
final class ReplicaSuite {

    /** How one replica is started: its data directory, its environment, where its output goes. */
    @FunctionalInterface
    interface Starter {
        AmbassadorProcess start(Path dataDir, Map<String, String> environment, Path log);
    }

    static final String COMPARISON = "replicas";

    private final Installation installation;
    private final Options options;
    private final Report report;
    private final Path runDir;

    ReplicaSuite(Installation installation, Options options, Report report, Path runDir) {
        this.installation = installation;
        this.options = options;
        this.report = report;
        this.runDir = runDir;
    }

    void run(Starter starter, String adminPassword) {
        System.out.println("Starting a PostgreSQL for two replicas …");
        Path dir = runDir.resolve("replicas");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setServerConfig("listen_addresses", "127.0.0.1")
                        .setPGStartupWait(Duration.ofMinutes(2))
                        .start();
                ChildProcess echo = ChildProcess.echoHttp(installation.benchCommand())) {
            Map<String, String> shared = sharedEnvironment(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
            // One after the other: the first migrates the empty database and creates the admin.
            try (AmbassadorProcess first =
                            starter.start(dir.resolve("one/data"), shared, dir.resolve("replica-one.log"));
                    AmbassadorProcess second =
                            starter.start(dir.resolve("two/data"), shared, dir.resolve("replica-two.log"))) {
                Fixture fixture = new Fixture(AdminApi.signIn(first, "admin", adminPassword));
                fixture.publishEchoHttp(echo.mcpUrl());
                String tool = Fixture.ECHO_HTTP + "__" + EchoProtocol.TOOL;
                List<Target> targets = List.of(
                        Target.toolCall(
                                "one replica",
                                List.of(endpoint(first)),
                                fixture.newClient(List.of(Fixture.ECHO_HTTP)),
                                tool),
                        Target.toolCall(
                                "two replicas, sessions alternating",
                                List.of(endpoint(first), endpoint(second)),
                                fixture.newClient(List.of(Fixture.ECHO_HTTP)),
                                tool));
                try {
                    List<Comparison.Row> rows = new Comparison(
                                    COMPARISON, targets, new Load.Closed(options.concurrency()))
                            .run(options.warmup(), options.measure(), options.rounds(), System.out::println);
                    report.comparison(rows);
                    report.note(ratio(rows));
                    for (Comparison.Row row : rows) {
                        if (row.stats().errors() > 0) {
                            report.note(row.comparison() + ", " + row.target() + ": "
                                    + row.stats().errors() + " failed calls, the first: "
                                    + row.stats().firstError());
                        }
                    }
                } finally {
                    targets.forEach(Target::close);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What every replica of one installation shares: the database and, freshly made for this run,
     * the master key, the session secret and the key-hash secret.
     */
    static Map<String, String> sharedEnvironment(String jdbcUrl, String username, String password) {
        return Map.of(
                "AMBASSADOR_DATABASE_URL",
                jdbcUrl,
                "AMBASSADOR_DATABASE_USERNAME",
                username,
                "AMBASSADOR_DATABASE_PASSWORD",
                password,
                "AMBASSADOR_MASTER_KEY",
                secret(),
                "AMBASSADOR_SESSION_SECRET",
                secret(),
                "AMBASSADOR_KEY_HASH_SECRET",
                secret());
    }

    /** The comparison's result in one sentence: two replicas' calls/s as a multiple of one's. */
    static String ratio(List<Comparison.Row> rows) {
        if (rows.size() != 2 || rows.get(0).stats().throughput() <= 0) {
            return "Replicas: no ratio, the single replica completed no call.";
        }
        double one = rows.get(0).stats().throughput();
        double two = rows.get(1).stats().throughput();
        return String.format(
                "Replicas: two replicas on one PostgreSQL served %.2f× the calls/s of one (%,.0f against %,.0f,"
                        + " %s), with the load generator, both replicas, PostgreSQL and the echo server on this"
                        + " machine's cores.",
                two / one, two, one, rows.get(0).load());
    }

    private static Target.Endpoint endpoint(AmbassadorProcess replica) {
        // Each replica made its own CA in its own data directory: each gets a client trusting only it.
        return new Target.Endpoint(Tls.client(replica.tls(), HttpClient.Version.HTTP_1_1), replica.mcp());
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
