package dev.mcp.ambassador.downstream;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * A view of a client handshake in progress whose peer is a host name instead of the address the
 * engine connected to; every other property is the engine's own. Only {@link
 * NameBoundTrustManager} uses it, to hand the JDK's trust manager the name to verify.
 */
final class NamedHandshake {

    private NamedHandshake() {}

    /** {@code engine}, whose handshake {@code session} reports {@code peerHost} as its peer. */
    static SSLEngine of(SSLEngine engine, ExtendedSSLSession session, String peerHost) {
        return new NamedEngine(engine, new NamedSession(session, peerHost));
    }

    /** The handshake session as it is, but for its peer: the name that was asked for. */
    private static final class NamedSession extends ExtendedSSLSession {
        private final ExtendedSSLSession session;
        private final String peerHost;

        NamedSession(ExtendedSSLSession session, String peerHost) {
            this.session = session;
            this.peerHost = peerHost;
        }

        @Override
        public String getPeerHost() {
            return peerHost;
        }

        @Override
        public String[] getLocalSupportedSignatureAlgorithms() {
            return session.getLocalSupportedSignatureAlgorithms();
        }

        @Override
        public String[] getPeerSupportedSignatureAlgorithms() {
            return session.getPeerSupportedSignatureAlgorithms();
        }

        @Override
        public List<SNIServerName> getRequestedServerNames() {
            return session.getRequestedServerNames();
        }

        @Override
        public List<byte[]> getStatusResponses() {
            return session.getStatusResponses();
        }

        @Override
        public byte[] getId() {
            return session.getId();
        }

        @Override
        public SSLSessionContext getSessionContext() {
            return session.getSessionContext();
        }

        @Override
        public long getCreationTime() {
            return session.getCreationTime();
        }

        @Override
        public long getLastAccessedTime() {
            return session.getLastAccessedTime();
        }

        @Override
        public void invalidate() {
            session.invalidate();
        }

        @Override
        public boolean isValid() {
            return session.isValid();
        }

        @Override
        public void putValue(String name, Object value) {
            session.putValue(name, value);
        }

        @Override
        public Object getValue(String name) {
            return session.getValue(name);
        }

        @Override
        public void removeValue(String name) {
            session.removeValue(name);
        }

        @Override
        public String[] getValueNames() {
            return session.getValueNames();
        }

        @Override
        public Certificate[] getPeerCertificates() throws SSLPeerUnverifiedException {
            return session.getPeerCertificates();
        }

        @Override
        public Certificate[] getLocalCertificates() {
            return session.getLocalCertificates();
        }

        @Override
        public Principal getPeerPrincipal() throws SSLPeerUnverifiedException {
            return session.getPeerPrincipal();
        }

        @Override
        public Principal getLocalPrincipal() {
            return session.getLocalPrincipal();
        }

        @Override
        public String getCipherSuite() {
            return session.getCipherSuite();
        }

        @Override
        public String getProtocol() {
            return session.getProtocol();
        }

        @Override
        public int getPeerPort() {
            return session.getPeerPort();
        }

        @Override
        public int getPacketBufferSize() {
            return session.getPacketBufferSize();
        }

        @Override
        public int getApplicationBufferSize() {
            return session.getApplicationBufferSize();
        }
    }

    /** The engine as it is, but for its handshake session, which names the host asked for. */
    private static final class NamedEngine extends SSLEngine {
        private final SSLEngine engine;
        private final ExtendedSSLSession session;

        NamedEngine(SSLEngine engine, ExtendedSSLSession session) {
            super(session.getPeerHost(), engine.getPeerPort());
            this.engine = engine;
            this.session = session;
        }

        @Override
        public SSLSession getHandshakeSession() {
            return session;
        }

        @Override
        public SSLParameters getSSLParameters() {
            return engine.getSSLParameters();
        }

        @Override
        public SSLEngineResult wrap(ByteBuffer[] sources, int offset, int length, ByteBuffer target)
                throws SSLException {
            return engine.wrap(sources, offset, length, target);
        }

        @Override
        public SSLEngineResult unwrap(ByteBuffer source, ByteBuffer[] targets, int offset, int length)
                throws SSLException {
            return engine.unwrap(source, targets, offset, length);
        }

        @Override
        public Runnable getDelegatedTask() {
            return engine.getDelegatedTask();
        }

        @Override
        public void closeInbound() throws SSLException {
            engine.closeInbound();
        }

        @Override
        public boolean isInboundDone() {
            return engine.isInboundDone();
        }

        @Override
        public void closeOutbound() {
            engine.closeOutbound();
        }

        @Override
        public boolean isOutboundDone() {
            return engine.isOutboundDone();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return engine.getSupportedCipherSuites();
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return engine.getEnabledCipherSuites();
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            engine.setEnabledCipherSuites(suites);
        }

        @Override
        public String[] getSupportedProtocols() {
            return engine.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return engine.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            engine.setEnabledProtocols(protocols);
        }

        @Override
        public SSLSession getSession() {
            return engine.getSession();
        }

        @Override
        public void beginHandshake() throws SSLException {
            engine.beginHandshake();
        }

        @Override
        public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
            return engine.getHandshakeStatus();
        }

        @Override
        public void setUseClientMode(boolean mode) {
            engine.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return engine.getUseClientMode();
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            engine.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return engine.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            engine.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return engine.getWantClientAuth();
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
            engine.setEnableSessionCreation(flag);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return engine.getEnableSessionCreation();
        }
    }
}
