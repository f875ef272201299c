package dev.mcp.ambassador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.cli.support.TestProcess;
import dev.mcp.ambassador.cli.support.TestTls;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scripts a user runs first — {@code ./mvnw}, {@code ./start-server}, {@code ./ambassador} — on a
 * machine whose {@code java} is 17 while a newer JDK is installed beside it: they find the newer one
 * themselves, say which, and say what to install when there is none.
 *
 * <p>The "Java 17" is a stand-in {@code java} that reports version 17, first on {@code PATH} with
 * {@code JAVA_HOME} unset; the JDK to be found is the one running these tests, linked into a
 * directory given as {@code AMBASSADOR_JDK_DIRS} (what {@code /usr/lib/jvm} is by default).
 */
class LaunchersEndToEndTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path RUNNING_JDK = Path.of(System.getProperty("java.home"));
    private static final String RUNNING_MAJOR = String.valueOf(Runtime.version().feature());

    @TempDir
    Path machine;

    private Path jvmDir;
    private Map<String, String> environment;

    @BeforeEach
    void javaSeventeenOnPath() throws IOException {
        Path old = machine.resolve("old-jdk/bin");
        Files.createDirectories(old);
        for (String tool : List.of("java", "javac")) {
            Path stub = old.resolve(tool);
            Files.writeString(
                    stub,
                    """
                    #!/bin/sh
                    echo 'Property settings:' >&2
                    echo '    java.specification.version = 17' >&2
                    echo 'openjdk version "17.0.15" 2025-04-15' >&2
                    """);
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        jvmDir = machine.resolve("jvm");
        Files.createDirectories(jvmDir);
        // An old JDK beside the new one: the search must pass over it.
        Files.createSymbolicLink(jvmDir.resolve("java-17-openjdk-amd64"), old.getParent());
        environment = new HashMap<>();
        environment.put("PATH", old + ":/usr/local/bin:/usr/bin:/bin");
        environment.put("HOME", System.getProperty("user.home"));
        environment.put("AMBASSADOR_JDK_DIRS", jvmDir.toString());
        if (System.getenv("MAVEN_USER_HOME") != null) {
            environment.put("MAVEN_USER_HOME", System.getenv("MAVEN_USER_HOME"));
        }
    }

    @Test
    void mvnwWhenPathJavaIsSeventeenThenRunsMavenOnTheNewerJdkAndSaysWhich() throws IOException {
        Path newer = Files.createSymbolicLink(jvmDir.resolve("temurin-new"), RUNNING_JDK);

        TestProcess run = TestProcess.run(List.of("./mvnw", "-v"), ROOT, environment, Duration.ofMinutes(2));

        assertThat(run.exitValue()).as(run.transcript()).isZero();
        assertThat(run.stdout()).as(run.transcript()).contains("Java version: " + RUNNING_MAJOR);
        assertThat(run.stderr())
                .as(run.transcript())
                .contains("mvnw: using Java " + RUNNING_MAJOR + " at " + newer)
                .contains("Java 17");
    }

    @Test
    void mvnwWhenNoJdkTwentyOneOrNewerThenSaysWhatToInstallAndFails() {
        TestProcess run = TestProcess.run(List.of("./mvnw", "-v"), ROOT, environment, Duration.ofMinutes(1));

        assertThat(run.exitValue()).as(run.transcript()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr())
                .contains("needs a JDK 21 or newer")
                .contains("(Java 17)")
                .contains("openjdk-21-jdk")
                .contains("JAVA_HOME");
    }

    @Test
    void startServerWhenNoJdkTwentyOneOrNewerThenSaysWhatToInstallBeforeBuilding() {
        TestProcess run = TestProcess.run(List.of("./start-server"), ROOT, environment, Duration.ofMinutes(1));

        assertThat(run.exitValue()).as(run.transcript()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("start-server: ").contains("openjdk-21-jdk");
    }

    @Test
    void ambassadorWhenPathJavaIsSeventeenThenRunsTheCliOnTheNewerJava() throws IOException {
        Path newer = Files.createSymbolicLink(jvmDir.resolve("temurin-new"), RUNNING_JDK);

        TestProcess run =
                TestProcess.run(List.of("./ambassador", "--version"), ROOT, environment, Duration.ofMinutes(1));

        assertThat(run.exitValue()).as(run.transcript()).isZero();
        assertThat(run.stdout()).startsWith("ambassador ").doesNotContain(ManifestVersionProvider.DEVELOPMENT_VERSION);
        assertThat(run.stderr()).contains("ambassador: using Java " + RUNNING_MAJOR + " at " + newer);
    }

    /**
     * The README's start command, exactly as written, in a fresh clone of this repository: it builds
     * with the newer JDK and the server comes up and answers its health check over TLS. Stopped and
     * started again, it leaves a class data sharing archive that survives the next start's rebuild.
     */
    @Test
    void startServerWhenFreshCloneAndPathJavaIsSeventeenThenBuildsAndServes() throws Exception {
        Files.createSymbolicLink(jvmDir.resolve("temurin-new"), RUNNING_JDK);
        Path clone = machine.resolve("clone");
        TestProcess cloned = TestProcess.run(
                List.of("git", "clone", "-q", "--no-hardlinks", ROOT.toString(), clone.toString()),
                machine,
                environment,
                Duration.ofMinutes(2));
        assertThat(cloned.exitValue()).as(cloned.transcript()).isZero();
        String startCommand = readmeStartCommand();
        int port = freePort();
        environment.put("AMBASSADOR_PORT", String.valueOf(port));

        Path ca = clone.resolve("data/tls/ca.pem");
        try (TestProcess server = TestProcess.start(List.of("sh", "-c", startCommand), clone, environment)) {
            assertThat(awaitHealth(server, ca, port)).as(server.transcript()).contains("\"status\":\"UP\"");
            assertThat(server.stderr()).contains("start-server: using Java " + RUNNING_MAJOR);
        }

        // The class data sharing archive is written when the JVM ends on SIGTERM; start-server execs
        // java, so the signal reaches it directly. A data directory of its own: the server above was
        // ended with its process family, not in order.
        Path data = clone.resolve("restarted");
        environment.put("AMBASSADOR_DATA_DIR", data.toString());
        ca = data.resolve("tls/ca.pem");
        Path archive = data.resolve("cds/ambassador-server.jsa");
        try (TestProcess server = TestProcess.start(List.of("./start-server"), clone, environment)) {
            assertThat(awaitHealth(server, ca, port)).as(server.transcript()).contains("\"status\":\"UP\"");
            assertThat(server.terminate(Duration.ofMinutes(2)))
                    .as(server.transcript())
                    .isTrue();
        }
        assertThat(archive).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.getParent())))
                .isEqualTo("rwx------");
        var written = Files.getLastModifiedTime(archive);

        // Another start rebuilds the unchanged project: the jars keep their bytes and times, so the JVM
        // maps the archive and, finding it valid, does not write it again when it ends.
        try (TestProcess server = TestProcess.start(List.of("./start-server"), clone, environment)) {
            assertThat(awaitHealth(server, ca, port)).as(server.transcript()).contains("\"status\":\"UP\"");
            assertThat(server.terminate(Duration.ofMinutes(2)))
                    .as(server.transcript())
                    .isTrue();
        }
        assertThat(Files.getLastModifiedTime(archive)).isEqualTo(written);
    }

    /** The health endpoint's answer once it gives one, or null when the server ends or 8 minutes pass. */
    private static String awaitHealth(TestProcess server, Path ca, int port) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(8));
        String health = null;
        while (health == null && server.isAlive() && Instant.now().isBefore(deadline)) {
            health = Files.exists(ca) ? health(ca, port) : null;
            if (health == null) {
                server.waitFor(Duration.ofSeconds(1));
            }
        }
        return health;
    }

    /** The one command in the README's "Build and run" section. */
    private static String readmeStartCommand() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Build and run"));
        String block = section.substring(section.indexOf("```sh\n") + "```sh\n".length());
        String command = block.substring(0, block.indexOf("```")).strip();
        assertThat(command).as("one command").doesNotContain("\n");
        return command;
    }

    private static String health(Path ca, int port) {
        try {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TestTls.trustingOnly(ca))
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException | RuntimeException e) {
            return null; // not listening yet, or the CA file is still being written
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
