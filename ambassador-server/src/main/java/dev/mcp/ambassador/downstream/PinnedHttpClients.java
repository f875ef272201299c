package dev.mcp.ambassador.downstream;

import java.net.Inet6Address;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * HTTP clients for remote downstream servers that connect to the address {@link
 * DownstreamAddressGuard} checked and to no other, so DNS cannot answer the check with one
 * address and the connection with another. A request for a URL that names its host goes to the
 * checked address (the URL's host replaced by it) and carries {@code Host: name[:port]}; over TLS
 * it sends the name as server name indication and the certificate is verified against the name
 * exactly as for a connection made to it ({@link NameBoundTrustManager}). Such requests use
 * HTTP/1.1, because in HTTP/2 the JDK client takes {@code :authority} from the URL, which would
 * then name the address. A URL that names an address is sent as it is. No client follows
 * redirects or uses a proxy; certificates are checked against the JDK's default trust store.
 *
 * <p>The JDK client sends a {@code Host} header only when the system property {@value
 * #RESTRICTED_HEADERS} lists {@code host} before its first use; the server's {@code main} sets
 * it, and the constructor refuses to start without it.
 */
final class PinnedHttpClients implements AutoCloseable {

    static final String RESTRICTED_HEADERS = "jdk.httpclient.allowRestrictedHeaders";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Where one request goes: {@code uri} through {@code client}, with {@code Host: host} when
     * {@code host} is not null.
     */
    record Route(HttpClient client, URI uri, String host) {}

    private final SSLContext tls;
    private final HttpClient byAddress;
    private final HttpClient plainByName;
    private final Map<String, HttpClient> byName = new ConcurrentHashMap<>();

    /** Clients that verify certificates with {@code trust} (the JDK's own, bound to the name). */
    PinnedHttpClients(X509ExtendedTrustManager trust) {
        requireHostHeader();
        try {
            tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new NameBoundTrustManager(trust)}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS for remote downstream servers", e);
        }
        byAddress = builder().build();
        plainByName = builder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Clients that trust what the JDK's default trust store trusts. */
    static PinnedHttpClients withDefaultTrust() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            X509ExtendedTrustManager trust = Arrays.stream(factory.getTrustManagers())
                    .filter(X509ExtendedTrustManager.class::isInstance)
                    .map(X509ExtendedTrustManager.class::cast)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("The JDK offers no X.509 trust manager"));
            return new PinnedHttpClients(trust);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the JDK's trust store", e);
        }
    }

    /**
     * The route to {@code target}'s checked address.
     *
     * @throws DownstreamException when the host name cannot be sent as a TLS server name
     */
    Route route(DownstreamAddressGuard.Target target, String slug) {
        URI uri = target.uri();
        if (target.literal()) {
            return new Route(byAddress, uri, null);
        }
        String name = uri.getHost().toLowerCase(Locale.ROOT);
        String sniName = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        HttpClient client;
        if (uri.getScheme().equalsIgnoreCase("http")) {
            // No TLS, so no server name to carry: any name HTTP accepts will do.
            client = plainByName;
        } else {
            try {
                client = byName.computeIfAbsent(sniName, this::clientFor);
            } catch (IllegalArgumentException e) {
                throw new DownstreamException("Server '" + slug + "' has a host name TLS cannot carry.");
            }
        }
        String address = target.address().getHostAddress().replace("%", "%25");
        if (target.address() instanceof Inet6Address) {
            address = "[" + address + "]";
        }
        StringBuilder pinned = new StringBuilder(uri.getScheme()).append("://").append(address);
        if (uri.getPort() != -1) {
            pinned.append(':').append(uri.getPort());
        }
        pinned.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            pinned.append('?').append(uri.getRawQuery());
        }
        return new Route(client, URI.create(pinned.toString()), uri.getRawAuthority());
    }

    @Override
    public void close() {
        byAddress.close();
        plainByName.close();
        byName.values().forEach(HttpClient::close);
    }

    private HttpClient clientFor(String name) {
        SSLParameters parameters = tls.getDefaultSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(name)));
        return builder()
                .sslParameters(parameters)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    private static void requireHostHeader() {
        try {
            HttpRequest.newBuilder(URI.create("https://192.0.2.1/")).header("Host", "example.com");
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Remote downstream servers need the system property " + RESTRICTED_HEADERS
                    + "=host, set before the JDK HTTP client is first used (the server's main sets it; an embedding"
                    + " application must set it at start)");
        }
    }
}
