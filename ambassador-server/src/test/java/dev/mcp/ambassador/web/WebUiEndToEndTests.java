package dev.mcp.ambassador.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.AmbassadorApplication;
import dev.mcp.ambassador.support.TestServerSettings;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web UI in a real browser: Debian's Chromium, driven by playwright-core from {@code
 * src/test/browser/journeys.mjs}, against a real server started here on a fresh data directory
 * with a generated first-run password (read from standard output, where the server prints it).
 * The script runs the admin journey (forced password change, user, key with one-time reveal,
 * catalog server with hostile tool descriptions, grant with preview, sessions), then a USER's and
 * an AUDITOR's; a CSP-violation listener and axe-core watch every page, and it saves screenshots of
 * each main page in light and dark to {@code target/ui-screenshots}.
 */
class WebUiEndToEndTests {

    private static final Path BROWSER_TESTS = Path.of("src/test/browser").toAbsolutePath();
    private static final Path SCRIPT = BROWSER_TESTS.resolve("journeys.mjs");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target/ui-screenshots").toAbsolutePath();
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);
    private static final Pattern GENERATED = Pattern.compile("Generated password:\\s+(\\S+)");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Path dataDir;
    private static ConfigurableApplicationContext server;
    private static String firstPassword;

    @BeforeAll
    static void startServerWithGeneratedPassword() {
        assertThat(Files.isExecutable(CHROMIUM))
                .as("%s is missing: install Debian's chromium (.ci/run does)", CHROMIUM)
                .isTrue();
        assertThat(BROWSER_TESTS.resolve("node_modules/playwright-core"))
                .as("the build installs the browser test packages (npm ci in src/test/browser)")
                .isDirectory();
        dataDir = TestServerSettings.newDataDirectory();
        Map<String, Object> properties = TestServerSettings.properties(dataDir);
        // No configured password: the server generates one and prints it once.
        properties.put("ambassador.bootstrap-admin.password", "");
        // The journey's hostile downstream lives beside the browser tests, which the sandbox must show.
        properties.put(
                "ambassador.sandbox.exposed-paths",
                properties.get("ambassador.sandbox.exposed-paths") + "," + BROWSER_TESTS);
        String[] args = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        String startup;
        try {
            server = new SpringApplicationBuilder(AmbassadorApplication.class).run(args);
        } finally {
            System.setOut(original);
            startup = printed.toString(StandardCharsets.UTF_8);
            // The start-up output goes on to the console, without the password.
            original.print(GENERATED.matcher(startup).replaceAll("Generated password:  (withheld from the test log)"));
        }
        Matcher matcher = GENERATED.matcher(startup);
        assertThat(matcher.find()).as("the server printed a generated password").isTrue();
        firstPassword = matcher.group(1);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void journeysWhenRunInChromiumThenEveryCheckPassesWithoutCspOrAccessibilityViolations() throws Exception {
        int port = ((WebServerApplicationContext) server).getWebServer().getPort();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        ProcessBuilder builder = new ProcessBuilder("node", SCRIPT.toString()).directory(BROWSER_TESTS.toFile());
        builder.redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment(port));
        Process process = builder.start();
        Thread reader = Thread.ofVirtual().start(() -> read(process, output));
        try {
            boolean ended = process.waitFor(RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            reader.join(Duration.ofSeconds(5));
            String transcript = String.join("\n", output);

            assertThat(ended)
                    .as("still running after %s%n%s", RUN_LIMIT, transcript)
                    .isTrue();
            JsonNode summary = summary(output);
            assertThat(summary.isMissingNode()).as(transcript).isFalse();
            List<String> failed = summary.path("checks")
                    .propertyStream()
                    .filter(check -> !check.getValue().path("passed").asBoolean())
                    .map(check -> check.getKey() + ": "
                            + check.getValue().path("detail").asString())
                    .toList();
            assertThat(failed).as(transcript).isEmpty();
            assertThat(summary.path("csp_violations").size())
                    .as("CSP violations: %s", summary.path("csp_violations"))
                    .isZero();
            assertThat(summary.path("axe_violations").size())
                    .as("serious accessibility violations: %s", summary.path("axe_violations"))
                    .isZero();
            assertThat(summary.path("page_errors").size())
                    .as("page errors: %s", summary.path("page_errors"))
                    .isZero();
            assertThat(summary.path("dialogs").size())
                    .as("dialogs (an executed alert?): %s", summary.path("dialogs"))
                    .isZero();
            assertThat(summary.path("checks").propertyNames())
                    .as(transcript)
                    .contains(
                            "first-run admin must replace the generated password",
                            "weak password refused with the server’s feedback",
                            "admin creates a user and an auditor",
                            "admin issues a key, revealed once and copied",
                            "admin adds a server; its markup-laden tool descriptions stay inert text",
                            "admin edits the server: a refused call timeout is named, a valid one is saved and shown",
                            "admin grants the user tools with a live preview",
                            "the granted user’s client sees exactly the previewed tools",
                            "admin adds a rate limit and deletes it",
                            "admin flips a kill switch and the client’s call is refused",
                            "admin finds the refused call in the audit view",
                            "admin lifts the kill switch with one click and the call goes through",
                            "admin dashboard charts the last hour",
                            "dana opens My tools",
                            "dana opens My credentials",
                            "dana opens My sessions",
                            "dana cannot open admin pages",
                            "dana gets 403 from the admin API",
                            "audra lands on /audit and sees only Audit, Account",
                            "audra gets 403 from the admin API");
            assertThat(summary.path("passed").asBoolean()).as(transcript).isTrue();
            assertThat(process.exitValue()).as(transcript).isZero();
            assertThat(SCREENSHOTS.resolve("users-dark.png")).isRegularFile();
            assertThat(SCREENSHOTS.resolve("dashboard-dark.png")).isRegularFile();
        } finally {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }

    private Map<String, String> environment(int port) {
        Map<String, String> environment = new HashMap<>();
        for (String inherited : List.of("PATH", "HOME", "LANG", "TZ")) {
            String value = System.getenv(inherited);
            if (value != null) {
                environment.put(inherited, value);
            }
        }
        environment.putIfAbsent("PATH", "/usr/bin:/bin");
        environment.put("AMBASSADOR_URL", "https://localhost:" + port);
        // Catalog commands name an allow-listed executable, found on the sandbox's PATH.
        environment.put("DOWNSTREAM_NODE", "node");
        environment.put(
                "AMBASSADOR_SERVER_CERT", dataDir.resolve("tls/server.pem").toString());
        environment.put("NODE_EXTRA_CA_CERTS", dataDir.resolve("tls/ca.pem").toString());
        // The password travels in the environment, never on a command line other users can read.
        environment.put("AMBASSADOR_FIRST_PASSWORD", firstPassword);
        environment.put("SCREENSHOT_DIR", SCREENSHOTS.toString());
        return environment;
    }

    private static void read(Process process, List<String> output) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("(reading stopped: " + e + ")");
        }
    }

    private static JsonNode summary(List<String> output) {
        synchronized (output) {
            return output.stream()
                    .filter(line -> line.startsWith("RESULT "))
                    .reduce((first, second) -> second)
                    .map(line -> JSON.readTree(line.substring("RESULT ".length())))
                    .orElse(JSON.missingNode());
        }
    }
}
