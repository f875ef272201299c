package dev.mcp.ambassador.bench;

import dev.mcp.ambassador.bench.echo.EchoProtocol;
import dev.mcp.ambassador.bench.load.Comparison;
import dev.mcp.ambassador.bench.load.Load;
import dev.mcp.ambassador.bench.load.LoadRunner;
import dev.mcp.ambassador.bench.load.Stats;
import dev.mcp.ambassador.bench.load.Target;
import dev.mcp.ambassador.bench.report.Goal;
import dev.mcp.ambassador.bench.report.ProfileSummary;
import dev.mcp.ambassador.bench.report.Report;
import dev.mcp.ambassador.bench.setup.AmbassadorProcess;
import dev.mcp.ambassador.bench.setup.ChildProcess;
import dev.mcp.ambassador.bench.setup.Tls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The A/B load comparisons: each downstream called directly (the baseline) and through the
 * ambassador, alternating in one run, closed loop at low and high concurrency, over HTTP/1.1 and
 * HTTP/2, and open loop at a fixed arrival rate. Then, optionally, a JFR profile of the ambassador
 * under the high-concurrency load.
 */
final class LoadSuite {

    /**
     * Open loop: calls outstanding at most. Over HTTP/1.1 each one holds a connection, so an
     * overloaded server would otherwise face thousands of TLS handshakes at once.
     */
    static final int MAX_IN_FLIGHT = 1_000;

    /** The concurrency the latency and throughput targets are defined at. */
    static final int TARGET_CONCURRENCY = 32;

    private final Installation installation;
    private final Options options;
    private final Report report;
    private final Path runDir;

    LoadSuite(Installation installation, Options options, Report report, Path runDir) {
        this.installation = installation;
        this.options = options;
        this.report = report;
        this.runDir = runDir;
    }

    void run(AmbassadorProcess ambassador, Fixture fixture) {
        Path everythingEntry = installation.serverEverything();
        try (ChildProcess echo = ChildProcess.echoHttp(installation.benchCommand());
                ChildProcess everything = ChildProcess.everythingHttp(installation.node(), everythingEntry)) {
            List<String> echoStdio = new ArrayList<>(installation.benchCommand());
            echoStdio.addAll(List.of("echo", "stdio"));
            fixture.publishEcho(echoStdio, echo.mcpUrl());
            fixture.publishEverything(
                    List.of(installation.node().toString(), everythingEntry.toString(), "stdio"), everything.mcpUrl());
            Clients clients = new Clients(ambassador, fixture);
            int c = options.concurrency();
            compare("echo", echoTargets(clients, echo, HttpClient.Version.HTTP_1_1), new Load.Closed(1));
            List<Comparison.Row> busy =
                    compare("echo", echoTargets(clients, echo, HttpClient.Version.HTTP_1_1), new Load.Closed(c));
            if (c == TARGET_CONCURRENCY) {
                Stats direct = busy.get(0).stats();
                report.goal(Goal.ADDED_P50, busy.get(1).stats().millis(50) - direct.millis(50));
                report.goal(Goal.ADDED_P99, busy.get(1).stats().millis(99) - direct.millis(99));
                report.goal(Goal.CALLS_ECHO_HTTP, busy.get(1).stats().throughput());
                report.goal(Goal.CALLS_ECHO_STDIO, busy.get(2).stats().throughput());
            }
            compare(
                    "echo, HTTP/2 to the ambassador",
                    echoTargets(clients, echo, HttpClient.Version.HTTP_2),
                    new Load.Closed(c));
            compare(
                    "ping (no downstream)",
                    List.of(
                            new Target("echo server directly", clients.plain, uri(echo.mcpUrl()), null, "ping", "{}"),
                            new Target(
                                    "ambassador /mcp",
                                    clients.h1,
                                    ambassador.mcp(),
                                    fixture.newClient(List.of()),
                                    "ping",
                                    "{}")),
                    new Load.Closed(8));
            List<Comparison.Row> everythingRows = compare(
                    "server-everything",
                    List.of(
                            Target.toolCall(
                                    "server-everything directly (HTTP)",
                                    clients.plain,
                                    uri(everything.mcpUrl()),
                                    null,
                                    "echo"),
                            clients.via(
                                    "ambassador → server-everything HTTP",
                                    HttpClient.Version.HTTP_1_1,
                                    Fixture.EVERYTHING_HTTP),
                            clients.via(
                                    "ambassador → server-everything stdio",
                                    HttpClient.Version.HTTP_1_1,
                                    Fixture.EVERYTHING_STDIO)),
                    new Load.Closed(8));
            double directEverything = everythingRows.get(0).stats().throughput();
            if (directEverything > 0) {
                report.goal(
                        Goal.EVERYTHING_SHARE,
                        100 * everythingRows.get(1).stats().throughput() / directEverything);
            }
            compare(
                    "echo, open loop",
                    echoTargets(clients, echo, HttpClient.Version.HTTP_1_1),
                    new Load.Open(options.rate(), c, MAX_IN_FLIGHT));
            if (options.profile()) {
                profile(
                        ambassador,
                        clients.via("ambassador → echo HTTP", HttpClient.Version.HTTP_1_1, Fixture.ECHO_HTTP));
            }
        }
    }

    private List<Target> echoTargets(Clients clients, ChildProcess echo, HttpClient.Version version) {
        String protocol = version == HttpClient.Version.HTTP_2 ? " (h2)" : "";
        return List.of(
                Target.toolCall("echo directly (HTTP/1.1)", clients.plain, uri(echo.mcpUrl()), null, EchoProtocol.TOOL),
                clients.via("ambassador → echo HTTP" + protocol, version, Fixture.ECHO_HTTP),
                clients.via("ambassador → echo stdio" + protocol, version, Fixture.ECHO_STDIO));
    }

    private List<Comparison.Row> compare(String name, List<Target> targets, Load load) {
        try {
            List<Comparison.Row> rows = new Comparison(name, targets, load)
                    .run(options.warmup(), options.measure(), options.rounds(), System.out::println);
            report.comparison(rows);
            for (Comparison.Row row : rows) {
                if (row.stats().errors() > 0) {
                    report.note(row.comparison() + ", " + row.target() + ", " + row.load() + ": "
                            + row.stats().errors() + " failed calls, the first: "
                            + row.stats().firstError());
                }
            }
            return rows;
        } finally {
            targets.forEach(Target::close);
        }
    }

    /** Records a JFR profile of the ambassador while it serves the high-concurrency echo load. */
    private void profile(AmbassadorProcess ambassador, Target target) {
        Path recording = runDir.resolve("ambassador-under-load.jfr");
        System.out.println("Profiling the ambassador with JFR under " + options.concurrency() + " clients …");
        try {
            ambassador.jcmd(installation.jcmd(), "JFR.start", "name=bench", "settings=profile");
            LoadRunner.run(
                    target,
                    new Load.Closed(options.concurrency()),
                    options.warmup(),
                    options.measure().multipliedBy(2),
                    new Stats());
            ambassador.jcmd(installation.jcmd(), "JFR.stop", "name=bench", "filename=" + recording);
            report.profile(ProfileSummary.byComponent(recording) + "\n" + jfrView("hot-methods", recording) + "\n"
                    + jfrView("allocation-by-class", recording));
            report.note("JFR recording: " + recording + " (open it with JDK Mission Control, or `jfr view … "
                    + recording.getFileName() + "`)");
        } finally {
            target.close();
        }
    }

    private String jfrView(String view, Path recording) {
        try {
            Process jfr = new ProcessBuilder(
                            installation.jfr().toString(), "view", "--width", "160", view, recording.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(jfr.getInputStream().readAllBytes());
            jfr.waitFor();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static URI uri(String url) {
        return URI.create(url);
    }

    /** HTTP clients to the ambassador (HTTP/1.1 and HTTP/2 over TLS) and to the plain downstreams. */
    private static final class Clients {
        final HttpClient plain = Tls.client(null, HttpClient.Version.HTTP_1_1);
        final HttpClient h1;
        final HttpClient h2;
        final AmbassadorProcess ambassador;
        final Fixture fixture;

        Clients(AmbassadorProcess ambassador, Fixture fixture) {
            this.ambassador = ambassador;
            this.fixture = fixture;
            this.h1 = Tls.client(ambassador.tls(), HttpClient.Version.HTTP_1_1);
            this.h2 = Tls.client(ambassador.tls(), HttpClient.Version.HTTP_2);
        }

        /** A target calling the server's echo tool through the ambassador, as a user of its own. */
        Target via(String label, HttpClient.Version version, String slug) {
            return Target.toolCall(
                    label,
                    version == HttpClient.Version.HTTP_2 ? h2 : h1,
                    ambassador.mcp(),
                    fixture.newClient(List.of(slug)),
                    slug + "__" + EchoProtocol.TOOL);
        }
    }
}
