package dev.mcp.ambassador.cli.tls;

import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.Diagnostics;
import dev.mcp.ambassador.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * How the CLI trusts one server: an operator's CA file, else the CA pinned in
 * {@code known_servers}, else first contact, where the presented CA is pinned only when the
 * fingerprint registration returns matches it. Builds the HTTP client for that server.
 */
public final class ServerTrust {

    private final URI server;
    private final KnownServers knownServers;
    private final PinningTrustManager trustManager;
    private final SSLContext sslContext;
    private final Clock clock;

    private ServerTrust(URI server, KnownServers knownServers, PinningTrustManager trustManager, Clock clock) {
        this.server = server;
        this.knownServers = knownServers;
        this.trustManager = trustManager;
        this.clock = clock;
        try {
            this.sslContext = SSLContext.getInstance("TLS");
            this.sslContext.init(null, new TrustManager[] {trustManager}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    /** Trust for {@code server}: {@code caFile} when given, else its pin, else first contact. */
    public static ServerTrust forServer(URI server, KnownServers knownServers, Path caFile, Clock clock) {
        if (!"https".equalsIgnoreCase(server.getScheme())) {
            throw new CliException(ExitCodes.USAGE, "the server URL must start with https:// (got " + server + ")");
        }
        String origin = KnownServers.origin(server);
        if (caFile != null) {
            return new ServerTrust(
                    server,
                    knownServers,
                    PinningTrustManager.operator(origin, readCertificates(caFile), caFile.toString()),
                    clock);
        }
        Optional<KnownServers.Pin> pin = knownServers.find(server);
        PinningTrustManager manager = pin.map(p -> PinningTrustManager.pinned(origin, p))
                .orElseGet(() -> PinningTrustManager.firstContact(origin));
        return new ServerTrust(server, knownServers, manager, clock);
    }

    public HttpClient.Builder clientBuilder() {
        return HttpClient.newBuilder()
                .sslContext(sslContext)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    /** Whether this is the first contact with the server (nothing pinned, no CA file). */
    public boolean firstContact() {
        return trustManager.mode() == PinningTrustManager.Mode.FIRST_CONTACT;
    }

    /**
     * Called with the fingerprint registration returned. On first contact it must match the CA
     * the server presented, and that CA is then pinned; a mismatch is refused.
     */
    public void confirm(String registeredFingerprint) {
        switch (trustManager.mode()) {
            case FIRST_CONTACT -> {
                X509Certificate presented = trustManager.presentedCa();
                if (presented == null || !Fingerprints.same(Fingerprints.sha256(presented), registeredFingerprint)) {
                    throw new CliException(
                            ExitCodes.UNTRUSTED_SERVER,
                            "refusing " + KnownServers.origin(server) + ": the CA it presented ("
                                    + (presented == null ? "none" : Fingerprints.sha256(presented))
                                    + ") is not the CA it reports at registration (" + registeredFingerprint
                                    + "). Nothing was pinned.");
                }
                KnownServers.Pin pin = knownServers.record(server, presented, clock.instant());
                trustManager.pin(pin);
                Diagnostics.say("first contact with " + pin.origin() + ": pinned its CA " + pin.fingerprint()
                        + " in " + knownServers.file()
                        + ". Compare it with the fingerprint the server logged at start.");
            }
            case PINNED, OPERATOR -> Diagnostics.debug("registered; the server reports CA " + registeredFingerprint);
        }
    }

    /**
     * Makes sure the server is trusted before any secret is sent to it. Pinned or operator CAs
     * need nothing more. On first contact a request without credentials shows the CA the server
     * presents; it is pinned only when it has the {@code expectedFingerprint} the user got from
     * the operator (or confirmed at the terminal), and refused otherwise with the fingerprint to check.
     */
    public void requireTrusted(HttpClient http, String expectedFingerprint) {
        if (trustManager.mode() != PinningTrustManager.Mode.FIRST_CONTACT) {
            return;
        }
        try {
            http.send(
                    java.net.http.HttpRequest.newBuilder(server.resolve("/actuator/health"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw explain(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted");
        }
        X509Certificate presented = trustManager.presentedCa();
        String fingerprint = Fingerprints.sha256(presented);
        boolean confirmed = expectedFingerprint != null
                ? Fingerprints.same(fingerprint, expectedFingerprint)
                : confirmAtTerminal(fingerprint);
        if (!confirmed) {
            throw new CliException(
                    ExitCodes.UNTRUSTED_SERVER,
                    "first contact with " + KnownServers.origin(server) + ": its CA has the SHA-256 fingerprint\n  "
                            + fingerprint + "\n"
                            + (expectedFingerprint != null
                                    ? "which is not the expected " + expectedFingerprint
                                            + ". Nothing was sent or pinned."
                                    : "Compare it with the fingerprint the server logged at start, then run again with"
                                            + " --ca-fingerprint " + fingerprint + " (or --ca-file with its CA PEM)."));
        }
        KnownServers.Pin pin = knownServers.record(server, presented, clock.instant());
        trustManager.pin(pin);
        Diagnostics.say("pinned the CA of " + pin.origin() + " (" + pin.fingerprint() + ") in " + knownServers.file());
    }

    private static boolean confirmAtTerminal(String fingerprint) {
        java.io.Console console = System.console();
        if (console == null || !dev.mcp.ambassador.cli.Passwords.isTerminal(console)) {
            return false;
        }
        String answer = console.readLine(
                "The server's CA fingerprint (SHA-256) is%n  %s%nDoes it match the one the server logged? [y/N] ",
                fingerprint);
        return answer != null && answer.strip().equalsIgnoreCase("y");
    }

    /**
     * A failure talking to the server as a {@link CliException}: a refused certificate with the
     * trust manager's explanation, an unreachable server, or the I/O error itself.
     */
    public CliException explain(IOException failure) {
        String refusal = trustManager.refusal();
        if (refusal != null && causedBy(failure, SSLException.class)) {
            return new CliException(ExitCodes.UNTRUSTED_SERVER, "REFUSED: " + refusal);
        }
        if (causedBy(failure, ConnectException.class) || failure instanceof HttpConnectTimeoutException) {
            return new CliException(ExitCodes.UNREACHABLE, "cannot reach " + KnownServers.origin(server));
        }
        return new CliException(
                ExitCodes.UNREACHABLE,
                "talking to " + KnownServers.origin(server) + " failed: "
                        + failure.getClass().getSimpleName()
                        + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
    }

    /** True when the failure is the server's certificate being refused, so retrying cannot help. */
    public boolean refused(IOException failure) {
        return trustManager.refusal() != null && causedBy(failure, SSLException.class);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static List<X509Certificate> readCertificates(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            List<X509Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                            .map(X509Certificate.class::cast)
                            .toList();
            if (certificates.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, caFile + " holds no certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "cannot read --ca-file " + caFile + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new CliException(ExitCodes.USAGE, caFile + " is not a PEM certificate file: " + e.getMessage());
        }
    }
}
