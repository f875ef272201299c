package dev.mcp.ambassador.cli.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides whether to trust the server, in one of three modes, each a full PKIX validation with the
 * JDK's trust manager (signatures, validity, host name) against exactly one set of anchors:
 *
 * <ul>
 *   <li><b>operator</b>: the CAs of {@code --ca-file};
 *   <li><b>pinned</b>: the CA recorded in {@code known_servers}; a server presenting another is
 *       refused with a message saying what changed;
 *   <li><b>first contact</b>: the top certificate of the chain the server presents, which is only
 *       remembered here; it is pinned only once registration has returned the same fingerprint
 *       (see {@link ServerTrust#confirm}).
 * </ul>
 *
 * There is no mode that accepts a chain without validating it.
 */
final class PinningTrustManager extends X509ExtendedTrustManager {

    enum Mode {
        OPERATOR,
        PINNED,
        FIRST_CONTACT
    }

    private final String origin;
    private final String caFileName;
    private volatile Mode mode;
    private volatile List<X509Certificate> anchors;
    private volatile String pinnedFingerprint;
    private volatile String pinnedAt;
    private volatile X509Certificate presentedCa;
    private volatile String refusal;

    private PinningTrustManager(Mode mode, String origin, List<X509Certificate> anchors, String caFileName) {
        this.mode = mode;
        this.origin = origin;
        this.anchors = anchors;
        this.caFileName = caFileName;
    }

    static PinningTrustManager operator(String origin, List<X509Certificate> cas, String caFileName) {
        return new PinningTrustManager(Mode.OPERATOR, origin, List.copyOf(cas), caFileName);
    }

    static PinningTrustManager pinned(String origin, KnownServers.Pin pin) {
        PinningTrustManager manager = new PinningTrustManager(Mode.PINNED, origin, List.of(pin.ca()), null);
        manager.pinnedFingerprint = pin.fingerprint();
        manager.pinnedAt = pin.recordedAt().toString();
        return manager;
    }

    static PinningTrustManager firstContact(String origin) {
        return new PinningTrustManager(Mode.FIRST_CONTACT, origin, List.of(), null);
    }

    Mode mode() {
        return mode;
    }

    /** The CA the server presented on first contact, or null. */
    X509Certificate presentedCa() {
        return presentedCa;
    }

    /** Why the last handshake was refused, in words for the user, or null. */
    String refusal() {
        return refusal;
    }

    /** From now on, trust exactly this pin. */
    void pin(KnownServers.Pin pin) {
        this.anchors = List.of(pin.ca());
        this.pinnedFingerprint = pin.fingerprint();
        this.pinnedAt = pin.recordedAt().toString();
        this.mode = Mode.PINNED;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, (delegate) -> delegate.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        check(chain, (delegate) -> delegate.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        // Without an engine or socket no host name can be checked: refuse rather than skip it.
        throw new CertificateException("the server's host name cannot be verified on this connection");
    }

    private interface Check {
        void run(X509ExtendedTrustManager delegate) throws CertificateException;
    }

    private void check(X509Certificate[] chain, Check validation) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw refuse("the server at " + origin + " presented no certificate");
        }
        X509Certificate top = chain[chain.length - 1];
        switch (mode) {
            case OPERATOR -> {
                try {
                    validation.run(delegate(anchors));
                } catch (CertificateException e) {
                    throw refuse("the server at " + origin + " presented a certificate that the CA in " + caFileName
                            + " did not issue (or that does not name this host): " + e.getMessage());
                }
            }
            case PINNED -> {
                try {
                    validation.run(delegate(anchors));
                } catch (CertificateException e) {
                    if (Fingerprints.same(Fingerprints.sha256(top), pinnedFingerprint)) {
                        throw refuse("the server at " + origin + " presented a certificate that its pinned CA "
                                + "did not issue for this host name: " + e.getMessage());
                    }
                    throw refuse(changedCa(top));
                }
            }
            case FIRST_CONTACT -> {
                try {
                    validation.run(delegate(List.of(top)));
                } catch (CertificateException e) {
                    throw refuse("the server at " + origin
                            + " presented a certificate chain that does not validate against its own CA "
                            + "(or does not name this host): " + e.getMessage());
                }
                presentedCa = top;
            }
        }
        refusal = null;
    }

    private String changedCa(X509Certificate top) {
        return "the server at " + origin + " presented a different CA than the one pinned for it.\n"
                + "  pinned (since " + pinnedAt + "): " + pinnedFingerprint + "\n"
                + "  presented now:  " + Fingerprints.sha256(top) + " ("
                + top.getSubjectX500Principal().getName()
                + ")\n"
                + "  Either the server's CA was replaced (for example its data directory was recreated), or\n"
                + "  someone is intercepting the connection. Ask the server's operator for the fingerprint the\n"
                + "  server logs at start (\"TLS CA fingerprint (SHA-256): ...\"). Only if it is the new one,\n"
                + "  re-pin deliberately with: ambassador trust --reset " + origin;
    }

    private CertificateException refuse(String message) {
        refusal = message;
        return new CertificateException(message);
    }

    private static X509ExtendedTrustManager delegate(List<X509Certificate> anchors) throws CertificateException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("anchor-" + i, anchors.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
            throw new CertificateException("no PKIX trust manager available");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new CertificateException("cannot set up certificate validation: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
