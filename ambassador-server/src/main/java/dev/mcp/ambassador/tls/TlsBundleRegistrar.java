package dev.mcp.ambassador.tls;

import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.stereotype.Component;

/**
 * Registers the SSL bundle the one HTTPS listener uses ({@code server.ssl.bundle=ambassador}):
 * TLS 1.3 and 1.2 only, AEAD cipher suites with forward secrecy only.
 */
@Component
class TlsBundleRegistrar implements SslBundleRegistrar {

    static final String BUNDLE = "ambassador";
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String[] CIPHERS = {
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
    };

    private final TlsMaterialStore store;

    TlsBundleRegistrar(TlsMaterialStore store) {
        this.store = store;
    }

    @Override
    public void registerBundles(SslBundleRegistry registry) {
        ServerTlsIdentity identity = store.identity();
        PemSslStoreDetails keyStore = new PemSslStoreDetails(
                null,
                identity.certificateChain().toUri().toString(),
                identity.privateKey().toUri().toString());
        registry.registerBundle(
                BUNDLE,
                SslBundle.of(
                        new PemSslStoreBundle(keyStore, null), SslBundleKey.NONE, SslOptions.of(CIPHERS, PROTOCOLS)));
    }
}
