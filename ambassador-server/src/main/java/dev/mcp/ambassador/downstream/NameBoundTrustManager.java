package dev.mcp.ambassador.downstream;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK's trust manager, verifying a pinned connection's certificate against the host name it
 * was sent for and nothing else. A pinned connection goes to an address literal and names the
 * host in its TLS server name indication; the JDK checks the certificate against that name, but
 * when the name does not match it falls back to the address it connected to, so a certificate
 * for the address alone would pass. This trust manager shows the JDK's own check the name as the
 * peer, which turns the fallback off: the chain, revocation, algorithm constraints and the
 * hostname rules are the JDK's, exactly as for a connection made to the name. Connections that
 * send no server name (a URL that names an address) are checked against that address, unchanged.
 */
final class NameBoundTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;

    NameBoundTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        SSLSession session = engine == null ? null : engine.getHandshakeSession();
        String name = requestedHostName(session);
        if (name == null || name.equalsIgnoreCase(session.getPeerHost())) {
            delegate.checkServerTrusted(chain, authType, engine);
            return;
        }
        delegate.checkServerTrusted(chain, authType, NamedHandshake.of(engine, (ExtendedSSLSession) session, name));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    /** The host name the client asked for in its server name indication, or null. */
    private static String requestedHostName(SSLSession session) {
        if (!(session instanceof ExtendedSSLSession extended)) {
            return null;
        }
        for (SNIServerName name : extended.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
                return host.getAsciiName();
            }
        }
        return null;
    }
}
