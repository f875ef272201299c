package dev.mcp.ambassador.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mcp.ambassador.bench.echo.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The harness against the echo server in this JVM, over real HTTP on loopback. */
class LoadRunnerTests {

    private HttpServer echo;
    private URI endpoint;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startEcho() throws Exception {
        echo = EchoServer.http(0, new PrintStream(new ByteArrayOutputStream()));
        endpoint = URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/mcp");
    }

    @AfterEach
    void stopEcho() {
        echo.stop(0);
    }

    @Test
    void runWhenClosedLoopThenEveryCallSucceedsAndIsRecorded() {
        Stats stats = new Stats();
        try (Target target = Target.toolCall("echo", http, endpoint, null, "echo")) {
            LoadRunner.run(target, new Load.Closed(4), Duration.ofMillis(100), Duration.ofMillis(300), stats);
        }

        assertThat(stats.errors()).isZero();
        assertThat(stats.calls()).isPositive();
        assertThat(stats.millis(50)).isPositive();
        assertThat(stats.millis(99)).isGreaterThanOrEqualTo(stats.millis(50));
    }

    @Test
    void runWhenOpenLoopThenCallsAreSentAndRecorded() {
        Stats stats = new Stats();
        try (Target target = Target.toolCall("echo", http, endpoint, null, "echo")) {
            LoadRunner.run(target, new Load.Open(200, 2, 1000), Duration.ofMillis(100), Duration.ofMillis(300), stats);
        }

        assertThat(stats.errors()).isZero();
        assertThat(stats.shed()).isZero();
        assertThat(stats.calls()).isPositive();
    }

    @Test
    void runWhenToolUnknownThenCallsCountAsErrorsWithTheReason() {
        Stats stats = new Stats();
        try (Target target = Target.toolCall("nope", http, endpoint, null, "no_such_tool")) {
            LoadRunner.run(target, new Load.Closed(1), Duration.ZERO, Duration.ofMillis(200), stats);
        }

        assertThat(stats.calls()).isZero();
        assertThat(stats.errors()).isPositive();
        assertThat(stats.firstError()).contains("-32602");
    }

    @Test
    void comparisonWhenRunThenOneRowPerTargetAndTheFirstIsTheBaseline() {
        Target a = Target.toolCall("a", http, endpoint, null, "echo");
        Target b = Target.toolCall("b", http, endpoint, null, "echo");

        List<Comparison.Row> rows = new Comparison("echo", List.of(a, b), new Load.Closed(1))
                .run(Duration.ofMillis(50), Duration.ofMillis(100), 2, line -> {});
        a.close();
        b.close();

        assertThat(rows).extracting(Comparison.Row::target).containsExactly("a", "b");
        assertThat(rows).extracting(Comparison.Row::baseline).containsExactly(true, false);
        assertThat(rows).allSatisfy(row -> assertThat(row.stats().calls()).isPositive());
    }

    @Test
    void sessionsWhenSeveralEndpointsThenTheyOpenOnEachInTurnAndStayThere() throws Exception {
        HttpServer other = EchoServer.http(0, new PrintStream(new ByteArrayOutputStream()));
        URI otherEndpoint = URI.create("http://127.0.0.1:" + other.getAddress().getPort() + "/mcp");
        Stats stats = new Stats();
        try (Target target = Target.toolCall(
                "spread",
                List.of(new Target.Endpoint(http, endpoint), new Target.Endpoint(http, otherEndpoint)),
                null,
                "echo")) {
            assertThat(target.sessions(4))
                    .extracting(McpClient::endpoint)
                    .containsExactly(endpoint, otherEndpoint, endpoint, otherEndpoint);

            // With the second endpoint gone, exactly the sessions opened there fail: none moved.
            other.stop(0);
            LoadRunner.run(target, new Load.Closed(4), Duration.ZERO, Duration.ofMillis(300), stats);
        } finally {
            other.stop(0);
        }

        assertThat(stats.calls()).isPositive();
        assertThat(stats.errors()).isPositive();
    }

    @Test
    void openWhenEndpointRefusesThenCallFailed() {
        URI nowhere = URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/elsewhere");

        assertThatThrownBy(() -> McpClient.open(http, nowhere, null)).isInstanceOf(McpClient.CallFailed.class);
    }
}
