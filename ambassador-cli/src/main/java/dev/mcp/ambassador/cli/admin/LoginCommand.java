package dev.mcp.ambassador.cli.admin;

import dev.mcp.ambassador.cli.CliConfig;
import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.ConfigDirectory;
import dev.mcp.ambassador.cli.ExitCodes;
import dev.mcp.ambassador.cli.Passwords;
import dev.mcp.ambassador.cli.Secrets;
import dev.mcp.ambassador.cli.ServerOption;
import dev.mcp.ambassador.cli.tls.ServerTrust;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ambassador login}: signs in with a password once, creates an admin API key for this
 * machine, stores it with the server URL in the private config file, and signs out again.
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Sign in as an administrator and store an API key for `ambassador admin` in "
                    + "~/.config/ambassador/config (mode 0600).",
            "The password is prompted for, or read as one line from stdin when piped."
        })
public final class LoginCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOption server;

    @Mixin
    TrustOptions trust;

    @Option(names = "--username", required = true)
    String username;

    @Override
    public Integer call() {
        ConfigDirectory config = ConfigDirectory.fromEnvironment(System.getenv());
        URI base = server.resolve(config);
        ServerTrust serverTrust = trust.trust(base, config);
        CookieManager cookies = new CookieManager();
        HttpClient http = serverTrust.clientBuilder().cookieHandler(cookies).build();
        serverTrust.requireTrusted(http, trust.expectedFingerprint());
        String password = Passwords.read("Password for " + username + " at " + base + ": ");
        Secrets.register(password);
        AdminApi refusals = new AdminApi(base, http, serverTrust, "");
        JsonMapper json = refusals.json();

        HttpResponse<String> login = send(
                http,
                serverTrust,
                HttpRequest.newBuilder(base.resolve("/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                json.writeValueAsString(Map.of("username", username, "password", password)))));
        if (login.statusCode() != 200) {
            throw refusals.refusal(login.statusCode(), login.body());
        }
        String xsrf = cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow(() -> new CliException(ExitCodes.FAILED, "the server sent no XSRF-TOKEN cookie"));
        HttpResponse<String> created = send(
                http,
                serverTrust,
                HttpRequest.newBuilder(base.resolve("/v1/admin/api-keys"))
                        .header("Content-Type", "application/json")
                        .header("X-XSRF-TOKEN", xsrf)
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("name", keyName())))));
        if (created.statusCode() != 201) {
            throw refusals.refusal(created.statusCode(), created.body());
        }
        JsonNode key = json.readTree(created.body());
        String apiKey = key.path("api_key").asString("");
        Secrets.register(apiKey);
        new CliConfig(base.toString(), apiKey).write(config);
        send(
                http,
                serverTrust,
                HttpRequest.newBuilder(base.resolve("/v1/auth/logout"))
                        .header("X-XSRF-TOKEN", xsrf)
                        .POST(HttpRequest.BodyPublishers.noBody()));
        spec.commandLine()
                .getOut()
                .println("Signed in to " + base + " as " + username + "; API key "
                        + key.path("prefix").asString("") + "… stored in " + config.resolve(CliConfig.FILE_NAME) + ".");
        return ExitCodes.OK;
    }

    private static String keyName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "ambassador CLI on " + host + " (" + LocalDate.now() + ")";
    }

    private static HttpResponse<String> send(HttpClient http, ServerTrust trust, HttpRequest.Builder request) {
        try {
            return http.send(
                    request.timeout(Duration.ofSeconds(60))
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw trust.explain(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
    }
}
