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
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.NameConstraintValidatorException;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PKIXNameConstraintValidator;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTests {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private final CertificateAuthority ca = CertificateAuthority.create(
            "Test CA", List.of("localhost", "127.0.0.1", "ambassador.example.com", "10.1.2.3"), NOW);

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
    void createWhenGivenNamesThenClientsRefuseWhatItSignsForAnyOtherName() throws Exception {
        assertThat(validates(ca.issueServerCertificate(List.of("ambassador.example.com"), NOW)
                        .certificate()))
                .isTrue();
        assertThat(validates(ca.issueServerCertificate(List.of("10.1.2.3"), NOW).certificate()))
                .isTrue();
        assertThat(validates(ca.issueServerCertificate(List.of("bank.example.org"), NOW)
                        .certificate()))
                .as("a name the CA was not created for")
                .isFalse();
        assertThat(validates(ca.issueServerCertificate(List.of("10.1.2.4"), NOW).certificate()))
                .as("an address the CA was not created for")
                .isFalse();
    }

    @Test
    void createWhenGivenNamesThenTheCaCarriesThemAsCriticalNameConstraints() {
        assertThat(ca.certificate().getCriticalExtensionOIDs()).contains("2.5.29.30");
    }

    @Test
    void mayCertifyWhenNamesOutsideItsConstraintsThenFalse() {
        assertThat(ca.mayCertify(List.of("localhost", "api.ambassador.example.com", "10.1.2.3")))
                .isTrue();
        assertThat(ca.mayCertify(List.of("localhost", "other.example.com"))).isFalse();
        assertThat(ca.mayCertify(List.of("10.1.2.4"))).isFalse();
    }

    // Whether a client that honours the name constraints of the CA it trusts (OpenSSL, browsers)
    // accepts the certificate: the signature chains to the CA, and every subject alternative name
    // passes Bouncy Castle's RFC 5280 name-constraint check against the CA's own extension. (The
    // JDK's PKIX validator ignores constraints in a trust anchor, so it cannot be the judge here.)
    private boolean validates(X509Certificate server) throws Exception {
        server.verify(ca.certificate().getPublicKey());
        NameConstraints constraints = NameConstraints.getInstance(
                ASN1OctetString.getInstance(ca.certificate().getExtensionValue("2.5.29.30"))
                        .getOctets());
        PKIXNameConstraintValidator validator = new PKIXNameConstraintValidator();
        validator.intersectPermittedSubtree(constraints.getPermittedSubtrees());
        GeneralNames names = GeneralNames.getInstance(ASN1OctetString.getInstance(server.getExtensionValue("2.5.29.17"))
                .getOctets());
        try {
            for (GeneralName name : names.getNames()) {
                validator.checkPermitted(name);
            }
            return true;
        } catch (NameConstraintValidatorException refused) {
            return false;
        }
    }

    @Test
    void createWhenCalledThenIsACaThatCanSignCertificates() {
        X509Certificate certificate = ca.certificate();

        assertThat(certificate.getBasicConstraints()).isZero();
        assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(Fingerprints.sha256(certificate)).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }
}
