package dev.mcp.ambassador.tls;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.config.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Provides the server's TLS identity. With operator PEM files it uses those; otherwise it keeps a
 * private CA in {@code <data dir>/tls} (created on first boot, kept across restarts so pinned
 * clients keep trusting it) and a server certificate it issues, re-issued when the configured
 * host names change or expiry is less than 30 days away.
 */
@Component
public class TlsMaterialStore {

    private static final Logger log = LoggerFactory.getLogger(TlsMaterialStore.class);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final AmbassadorProperties properties;
    private final DataDirectory dataDirectory;
    private final Clock clock;
    private volatile ServerTlsIdentity identity;

    public TlsMaterialStore(AmbassadorProperties properties, DataDirectory dataDirectory, Clock clock) {
        this.properties = properties;
        this.dataDirectory = dataDirectory;
        this.clock = clock;
    }

    /** The identity to serve, prepared on first call; throws if the material is unusable. */
    public synchronized ServerTlsIdentity identity() {
        if (identity == null) {
            identity = properties.tls().operatorSupplied() ? operatorIdentity() : generatedIdentity();
            log.info("TLS CA fingerprint (SHA-256): {}", identity.caFingerprintSha256());
        }
        return identity;
    }

    /**
     * The top certificate of the chain this replica serves (its CA, or the operator chain's last
     * certificate): replicas that share it can verify one another's certificates.
     */
    public X509Certificate trustAnchor() {
        try {
            return Pem.readCertificates(identity().certificateChain()).getLast();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the served certificate chain", e);
        }
    }

    /** The names every generated server certificate carries. */
    Set<String> serverNames() {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        properties.hostnames().stream()
                .map(String::trim)
                .filter(name -> !name.isEmpty())
                .forEach(names::add);
        return names;
    }

    private ServerTlsIdentity operatorIdentity() {
        AmbassadorProperties.Tls tls = properties.tls();
        if (tls.cert() == null
                || tls.cert().isBlank()
                || tls.key() == null
                || tls.key().isBlank()) {
            throw new IllegalStateException("AMBASSADOR_TLS_CERT and AMBASSADOR_TLS_KEY must be set together");
        }
        Path cert = Path.of(tls.cert());
        Path key = Path.of(tls.key());
        try {
            List<X509Certificate> chain = Pem.readCertificates(cert);
            if (!Pem.matches(Pem.readPrivateKey(key), chain.getFirst())) {
                throw new IOException("the private key does not belong to the first certificate");
            }
            return new ServerTlsIdentity(cert, key, Fingerprints.sha256(chain.getLast()));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot use the TLS files given by AMBASSADOR_TLS_CERT/_KEY: " + e.getMessage(), e);
        }
    }

    private ServerTlsIdentity generatedIdentity() {
        Path dir = dataDirectory.privateDirectory("tls");
        Path caCert = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca-key.pem");
        Path serverChain = dir.resolve("server.pem");
        Path serverKey = dir.resolve("server-key.pem");
        Instant now = clock.instant();
        try {
            CertificateAuthority ca;
            if (Files.exists(caCert) && Files.exists(caKey)) {
                dataDirectory.ensurePrivateFile(caKey);
                X509Certificate caCertificate = Pem.readCertificates(caCert).getFirst();
                ca = new CertificateAuthority(
                        new KeyPair(caCertificate.getPublicKey(), Pem.readPrivateKey(caKey)), caCertificate);
                if (!ca.mayCertify(serverNames())) {
                    // Fail closed: a certificate outside the CA's constraints would be refused by clients.
                    throw new IllegalStateException("The CA in " + dir + " may certify only the names it was created"
                            + " for, and AMBASSADOR_HOSTNAMES now names others (" + serverNames() + "). Move"
                            + " ca.pem and ca-key.pem away to create a new CA (clients must then trust its new"
                            + " fingerprint), or supply AMBASSADOR_TLS_CERT and AMBASSADOR_TLS_KEY.");
                }
            } else {
                ca = CertificateAuthority.create("MCP Ambassador CA", serverNames(), now);
                dataDirectory.writePrivateFile(
                        caKey, Pem.encodePrivateKey(ca.keyPair().getPrivate()));
                Files.write(caCert, Pem.encode(ca.certificate()));
                log.info("Created a new certificate authority in {}", dir);
            }
            if (needsNewServerCertificate(serverChain, serverKey, now)) {
                CertificateAuthority.IssuedCertificate issued = ca.issueServerCertificate(serverNames(), now);
                dataDirectory.writePrivateFile(
                        serverKey, Pem.encodePrivateKey(issued.keyPair().getPrivate()));
                Files.write(serverChain, Pem.encode(issued.certificate(), ca.certificate()));
                log.info("Issued the server certificate for {}", serverNames());
            } else {
                dataDirectory.ensurePrivateFile(serverKey);
            }
            return new ServerTlsIdentity(serverChain, serverKey, Fingerprints.sha256(ca.certificate()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the TLS material in " + dir, e);
        }
    }

    private boolean needsNewServerCertificate(Path chain, Path key, Instant now) throws IOException {
        if (!Files.exists(chain) || !Files.exists(key)) {
            return true;
        }
        X509Certificate current = Pem.readCertificates(chain).getFirst();
        if (!Pem.matches(Pem.readPrivateKey(key), current)) {
            return true;
        }
        if (current.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
            return true;
        }
        return !subjectAlternativeNames(current).equals(serverNames());
    }

    static Set<String> subjectAlternativeNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return Set.of();
            }
            return names.stream()
                    .map(entry -> String.valueOf(entry.get(1)))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
        } catch (CertificateParsingException e) {
            return Set.of();
        }
    }
}
