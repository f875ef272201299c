package dev.mcp.ambassador.routing;

import dev.mcp.ambassador.cluster.Replicas;
import dev.mcp.ambassador.tls.TlsMaterialStore;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Relays a request to the replica that owns its MCP session, over HTTPS to the address in that
 * replica's heartbeat row, trusting only the top certificate of the chain this replica serves
 * (replicas share their CA or certificate) and checking the owner's name as any client would. The
 * answer, event streams included, is passed back as it arrives, chunk by chunk, never buffered
 * whole.
 */
@Component
class OwnerForwarder implements DisposableBean {

    /** The request headers the owner needs; nothing else is passed on, least of all our own. */
    private static final List<String> REQUEST_HEADERS = List.of(
            "Authorization",
            "Accept",
            "Content-Type",
            "Mcp-Session-Id",
            "MCP-Protocol-Version",
            "Mcp-Method",
            "Mcp-Name",
            "Last-Event-ID",
            "Origin",
            "User-Agent");

    private static final List<String> RESPONSE_HEADERS = List.of(
            "Content-Type",
            "Cache-Control",
            "Mcp-Session-Id",
            "MCP-Protocol-Version",
            "WWW-Authenticate",
            "Retry-After",
            "X-Accel-Buffering");

    /** As large as the owner accepts plus one byte, so a larger message is refused there as usual. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024 + 1;

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(OwnerForwarder.class);

    private final Replicas replicas;
    private final InternalHop hop;
    private final TlsMaterialStore tls;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private volatile HttpClient client;

    OwnerForwarder(Replicas replicas, InternalHop hop, TlsMaterialStore tls) {
        this.replicas = replicas;
        this.hop = hop;
        this.tls = tls;
    }

    /** How a forwarding ended. */
    enum Outcome {
        /** The owner answered, and its answer was relayed. */
        RELAYED,
        /** The owner is gone (no fresh heartbeat, or no answer); nothing was sent. */
        GONE,
        /** The owner could not be looked up (the database is out of reach); nothing was sent. */
        UNKNOWN
    }

    /** Forwards the request to replica {@code owner} and relays its answer. */
    Outcome forward(
            UUID owner,
            String sessionId,
            InternalHop.Forwarded seen,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, InterruptedException {
        Optional<String> address;
        try {
            address = replicas.address(owner);
        } catch (DataAccessException e) {
            log.warn(
                    "Cannot look up replica {} to forward to: {}",
                    owner,
                    e.getClass().getSimpleName());
            return Outcome.UNKNOWN;
        }
        if (address.isEmpty()) {
            return Outcome.GONE;
        }
        String path =
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        HttpRequest.Builder outbound;
        try {
            outbound = HttpRequest.newBuilder(URI.create("https://" + address.get() + path));
        } catch (IllegalArgumentException e) {
            log.warn("Replica {} has an address that is not a host and port; cannot forward to it", owner);
            return Outcome.GONE;
        }
        for (String name : REQUEST_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                outbound.header(name, value);
            }
        }
        outbound.header(InternalHop.HEADER, hop.sign(request.getMethod(), path, sessionId, seen, owner));
        HttpRequest.BodyPublisher body = "POST".equals(request.getMethod())
                ? HttpRequest.BodyPublishers.ofByteArray(
                        request.getInputStream().readNBytes(MAX_BODY_BYTES))
                : HttpRequest.BodyPublishers.noBody();
        outbound.method(request.getMethod(), body);
        HttpResponse<InputStream> answer;
        try {
            answer = client().send(outbound.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (SSLException e) {
            log.warn(
                    "Replica {} at {} failed the TLS check: replicas must share their CA, and each"
                            + " AMBASSADOR_CLUSTER_ADDRESS must be a name its certificate carries ({})",
                    owner,
                    address.get(),
                    e.getClass().getSimpleName());
            return Outcome.GONE;
        } catch (IOException e) {
            // Refused, reset or timed out before answering: for the client, the session is gone.
            log.info(
                    "Replica {} did not answer a forwarded request: {}",
                    owner,
                    e.getClass().getSimpleName());
            return Outcome.GONE;
        }
        relay(answer, response);
        return Outcome.RELAYED;
    }

    private static void relay(HttpResponse<InputStream> answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.statusCode());
        for (String name : RESPONSE_HEADERS) {
            answer.headers().firstValue(name).ifPresent(value -> response.setHeader(name, value));
        }
        try (InputStream in = answer.body()) {
            OutputStream out = response.getOutputStream();
            out.flush();
            byte[] buffer = new byte[8192];
            int read;
            // Each chunk goes on at once: an event must reach the client when the owner sends it.
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // The client left or the owner stopped mid-answer; closing our side ends the other.
            log.debug("A relayed answer ended early: {}", e.getClass().getSimpleName());
        }
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder()
                            .version(HttpClient.Version.HTTP_1_1)
                            .connectTimeout(CONNECT_TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .sslContext(trustingOurAnchor())
                            .executor(threads)
                            .build();
                }
                current = client;
            }
        }
        return current;
    }

    private SSLContext trustingOurAnchor() {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            anchors.setCertificateEntry("ambassador", tls.trustAnchor());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot prepare TLS for forwarding to other replicas", e);
        }
    }

    @Override
    public void destroy() {
        HttpClient current = client;
        if (current != null) {
            // Ends relayed streams with this replica.
            current.shutdownNow();
        }
        threads.shutdownNow();
    }
}
