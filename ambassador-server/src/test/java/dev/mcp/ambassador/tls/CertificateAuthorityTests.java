package dev.mcp.ambassador.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTests {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private final CertificateAuthority ca = CertificateAuthority.create("Test CA", NOW);

    @Test
    void issueServerCertificateWhenCalledThenChainsToTheCa() throws Exception {
        X509Certificate server = ca.issueServerCertificate(List.of("localhost", "127.0.0.1"), NOW)
                .certificate();

        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW.plusSeconds(60)));
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(server)), parameters);
        assertThat(server.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    }

    @Test
    void issueServerCertificateWhenGivenNamesThenCarriesThemAsSubjectAlternativeNames() {
        X509Certificate server = ca.issueServerCertificate(
                        List.of("localhost", "127.0.0.1", "ambassador.example.com", "10.1.2.3"), NOW)
                .certificate();

        assertThat(TlsMaterialStore.subjectAlternativeNames(server))
                .containsExactly("localhost", "127.0.0.1", "ambassador.example.com", "10.1.2.3");
    }

    @Test
    void issueServerCertificateWhenCalledThenIsAnEndEntityForServerAuthOnly() throws Exception {
        X509Certificate server =
                ca.issueServerCertificate(List.of("localhost"), NOW).certificate();

        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getNotAfter().toInstant())
                .isAfter(NOW.plus(CertificateAuthority.SERVER_VALIDITY).minusSeconds(1));
    }

    @Test
    void createWhenCalledThenIsACaThatCanSignCertificates() {
        X509Certificate certificate = ca.certificate();

        assertThat(certificate.getBasicConstraints()).isZero();
        assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(Fingerprints.sha256(certificate)).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }
}
