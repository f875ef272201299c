package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.tls.CertificateAuthority;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A remote downstream session connects to the address the guard checked, never to one a second
 * DNS lookup returns, and a pinned TLS connection verifies the certificate against the host name
 * exactly as a connection to the name would: a certificate for another name, or for the address
 * alone, is refused. Scripted servers on loopback addresses stand in for the remote servers.
 */
class PinnedConnectionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final CertificateAuthority CA = CertificateAuthority.create(
            "Pinned test CA", List.of("pinned.test", "other.test", "127.0.0.1"), Instant.now());

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> checkedHosts = new CopyOnWriteArrayList<>();
    private final AtomicInteger reachedElsewhere = new AtomicInteger();
    private final AtomicInteger lookups = new AtomicInteger();
    private PinnedHttpClients clients;

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void startWhenTheNameResolvesElsewhereAfterTheCheckThenTheCheckedAddressIsConnectedTo() throws IOException {
        // The checked address is 127.0.0.2; any later lookup of "localhost" (the JDK's own, or this
        // resolver's second answer) gives 127.0.0.1, where another server listens on the same port.
        int port = listenOnBoth();
        DownstreamAddressGuard guard = new DownstreamAddressGuard(List.of("127.0.0.2/32"), host -> {
            if (!host.equals("localhost")) {
                throw new UnknownHostException(host);
            }
            String answer = lookups.getAndIncrement() == 0 ? "127.0.0.2" : "127.0.0.1";
            return new InetAddress[] {InetAddress.getByName(answer)};
        });
        clients = PinnedHttpClients.withDefaultTrust();

        HttpDownstream downstream = HttpDownstream.start(
                entry("http://localhost:" + port + "/mcp"), clients, guard, JSON, TIMEOUT, (m, p) -> {});
        JsonNode tools = downstream.request("tools/list", JSON.createObjectNode(), TIMEOUT, null);
        downstream.close();

        assertThat(tools.has("result")).isTrue();
        assertThat(lookups.get()).isEqualTo(1);
        assertThat(reachedElsewhere.get()).isZero();
        assertThat(checkedHosts).isNotEmpty().allSatisfy(host -> assertThat(host)
                .isEqualTo("localhost:" + port));
    }

    @Test
    void startWhenTheCertificateNamesTheHostThenTheSessionOpensOverTheCheckedAddress() throws Exception {
        int port = listenWithTls("pinned.test");

        HttpDownstream downstream = startTls("https://pinned.test:" + port + "/mcp");
        downstream.close();

        assertThat(checkedHosts).isNotEmpty().allSatisfy(host -> assertThat(host)
                .isEqualTo("pinned.test:" + port));
    }

    @Test
    void startWhenTheCertificateNamesAnotherHostThenRefused() throws Exception {
        int port = listenWithTls("other.test");

        assertThatThrownBy(() -> startTls("https://pinned.test:" + port + "/mcp"))
                .isInstanceOf(DownstreamException.class)
                .hasMessage("Server 'pinned' could not be reached.");
        assertThat(checkedHosts).isEmpty();
    }

    @Test
    void startWhenTheCertificateNamesOnlyTheCheckedAddressThenRefused() throws Exception {
        // The JDK falls back to the connected address when the server name does not match; a
        // certificate for an address is easy to get, so a pinned connection must not accept it.
        int port = listenWithTls("127.0.0.1");

        assertThatThrownBy(() -> startTls("https://pinned.test:" + port + "/mcp"))
                .isInstanceOf(DownstreamException.class)
                .hasMessage("Server 'pinned' could not be reached.");
        assertThat(checkedHosts).isEmpty();
    }

    @Test
    void startWhenTheUrlNamesAnAddressThenTheCertificateIsVerifiedAgainstTheAddress() throws Exception {
        int port = listenWithTls("127.0.0.1");

        startTls("https://127.0.0.1:" + port + "/mcp").close();

        assertThat(checkedHosts).isNotEmpty().allSatisfy(host -> assertThat(host)
                .isEqualTo("127.0.0.1:" + port));
    }

    @Test
    void startWhenTheUrlNamesAnAddressTheCertificateDoesNotNameThenRefused() throws Exception {
        int port = listenWithTls("pinned.test");

        assertThatThrownBy(() -> startTls("https://127.0.0.1:" + port + "/mcp"))
                .isInstanceOf(DownstreamException.class)
                .hasMessage("Server 'pinned' could not be reached.");
        assertThat(checkedHosts).isEmpty();
    }

    private HttpDownstream startTls(String url) throws Exception {
        DownstreamAddressGuard guard = new DownstreamAddressGuard(List.of("127.0.0.1/32"), host -> {
            if (!host.equals("pinned.test") && !host.equals("127.0.0.1")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        });
        clients = new PinnedHttpClients(trustingTheTestCa());
        return HttpDownstream.start(entry(url), clients, guard, JSON, TIMEOUT, (m, p) -> {});
    }

    /** The scripted server on 127.0.0.2 and a decoy on 127.0.0.1, on one port; returns it. */
    private int listenOnBoth() throws IOException {
        for (int attempt = 0; ; attempt++) {
            HttpServer checked = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
            checked.createContext("/mcp", this::handle);
            int port = checked.getAddress().getPort();
            try {
                HttpServer decoy = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                decoy.createContext("/", exchange -> {
                    reachedElsewhere.incrementAndGet();
                    reply(exchange, 200, "application/json", "{}");
                });
                start(checked);
                start(decoy);
                return port;
            } catch (BindException e) {
                checked.stop(0);
                if (attempt > 20) {
                    throw e;
                }
            }
        }
    }

    private int listenWithTls(String certifiedName) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(certifiedName)));
        server.createContext("/mcp", this::handle);
        start(server);
        return server.getAddress().getPort();
    }

    private void start(HttpServer server) {
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        servers.add(server);
        server.start();
    }

    private static SSLContext serverContext(String name) throws Exception {
        CertificateAuthority.IssuedCertificate issued = CA.issueServerCertificate(List.of(name), Instant.now());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", issued.keyPair().getPrivate(), new char[0], new Certificate[] {
            issued.certificate(), CA.certificate()
        });
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static X509ExtendedTrustManager trustingTheTestCa() throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", CA.certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
    }

    private static CatalogServer entry(String url) {
        return new CatalogServer(
                UUID.randomUUID(),
                "pinned",
                "Pinned",
                "http",
                List.of(),
                Map.of(),
                url,
                Map.of(),
                "shared",
                "published",
                null,
                null,
                null);
    }

    // A minimal MCP server: initialize, notifications, tools/list; no GET stream.
    private void handle(HttpExchange exchange) throws IOException {
        checkedHosts.add(exchange.getRequestHeaders().getFirst("Host"));
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (!exchange.getRequestMethod().equals("POST")) {
            reply(exchange, exchange.getRequestMethod().equals("GET") ? 405 : 200, null, "");
            return;
        }
        JsonNode body = JSON.readTree(raw);
        if (!body.has("id")) {
            reply(exchange, 202, null, "");
            return;
        }
        String result = body.path("method").asString("").equals("initialize")
                ? "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                        + "\"serverInfo\":{\"name\":\"pinned\",\"version\":\"1\"}}"
                : "{\"tools\":[]}";
        exchange.getResponseHeaders().add("Mcp-Session-Id", "pinned-session");
        reply(
                exchange,
                200,
                "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":" + body.get("id") + ",\"result\":" + result + "}");
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (type != null) {
            exchange.getResponseHeaders().add("Content-Type", type);
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
