package dev.mcp.ambassador.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A private certificate authority: an EC P-256 key and a self-signed CA certificate that issues
 * the server's own TLS certificate. Clients trust it on first use by its SHA-256 fingerprint.
 */
public final class CertificateAuthority {

    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration SERVER_VALIDITY = Duration.ofDays(397);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keyPair;
    private final X509Certificate certificate;

    public CertificateAuthority(KeyPair keyPair, X509Certificate certificate) {
        this.keyPair = keyPair;
        this.certificate = certificate;
    }

    /**
     * Creates a new CA whose certificate is valid from {@code now} for ten years and may certify
     * only {@code names} (DNS names, with their subdomains, and IP addresses): its critical name
     * constraints make clients refuse any certificate it signs for another name, so a stolen CA key
     * cannot impersonate other sites to clients that trust it.
     */
    public static CertificateAuthority create(String commonName, Collection<String> names, Instant now) {
        try {
            KeyPair keyPair = newKeyPair();
            X500Name subject = new X500Name("CN=" + commonName);
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject,
                            serialNumber(),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(CA_VALIDITY)),
                            subject,
                            keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.nameConstraints, true, nameConstraints(names))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            return new CertificateAuthority(keyPair, sign(builder, keyPair));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("Cannot create the certificate authority", e);
        }
    }

    /**
     * Issues a server certificate for {@code names} (DNS names or IP addresses), valid from {@code
     * now} for 397 days, for a newly generated key pair.
     */
    public IssuedCertificate issueServerCertificate(Collection<String> names, Instant now) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("A server certificate needs at least one name");
        }
        try {
            KeyPair serverKey = newKeyPair();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            GeneralName[] altNames = names.stream()
                    .map(name -> IPAddress.isValid(name)
                            ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name))
                    .toArray(GeneralName[]::new);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            certificate,
                            serialNumber(),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(SERVER_VALIDITY)),
                            new X500Name("CN=" + names.iterator().next()),
                            serverKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(serverKey.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(certificate));
            return new IssuedCertificate(serverKey, sign(builder, keyPair));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("Cannot issue the server certificate", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** A certificate together with the key pair it certifies. */
    public record IssuedCertificate(KeyPair keyPair, X509Certificate certificate) {}

    /**
     * True when this CA may certify every one of {@code names}: it has no name constraints (made
     * before they were added), or each name falls within them.
     */
    public boolean mayCertify(Collection<String> names) {
        byte[] extension = certificate.getExtensionValue(Extension.nameConstraints.getId());
        if (extension == null) {
            return true;
        }
        NameConstraints constraints = NameConstraints.getInstance(
                ASN1OctetString.getInstance(extension).getOctets());
        GeneralSubtree[] permitted = constraints.getPermittedSubtrees();
        if (permitted == null) {
            return true;
        }
        for (String name : names) {
            GeneralName wanted = generalName(name);
            boolean within = false;
            for (GeneralSubtree subtree : permitted) {
                within |= covers(subtree.getBase(), wanted);
            }
            if (!within) {
                return false;
            }
        }
        return true;
    }

    private static NameConstraints nameConstraints(Collection<String> names) {
        GeneralSubtree[] permitted = names.stream()
                .map(name -> IPAddress.isValid(name)
                        ? new GeneralName(GeneralName.iPAddress, name + (IPAddress.isValidIPv6(name) ? "/128" : "/32"))
                        : new GeneralName(GeneralName.dNSName, name.startsWith("*.") ? name.substring(2) : name))
                .distinct()
                .map(GeneralSubtree::new)
                .toArray(GeneralSubtree[]::new);
        return new NameConstraints(permitted, null);
    }

    private static GeneralName generalName(String name) {
        return IPAddress.isValid(name)
                ? new GeneralName(GeneralName.iPAddress, name)
                : new GeneralName(GeneralName.dNSName, name.startsWith("*.") ? name.substring(2) : name);
    }

    private static boolean covers(GeneralName base, GeneralName wanted) {
        if (base.getTagNo() != wanted.getTagNo()) {
            return false;
        }
        if (base.getTagNo() == GeneralName.dNSName) {
            String domain = base.getName().toString().toLowerCase(java.util.Locale.ROOT);
            String name = wanted.getName().toString().toLowerCase(java.util.Locale.ROOT);
            return name.equals(domain) || name.endsWith("." + domain);
        }
        byte[] range = ASN1OctetString.getInstance(base.getName()).getOctets();
        byte[] address = ASN1OctetString.getInstance(wanted.getName()).getOctets();
        if (range.length != address.length * 2) {
            return false;
        }
        for (int i = 0; i < address.length; i++) {
            byte mask = range[address.length + i];
            if ((address[i] & mask) != (range[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serialNumber() {
        return new BigInteger(159, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signer.getPrivate())));
    }
}
