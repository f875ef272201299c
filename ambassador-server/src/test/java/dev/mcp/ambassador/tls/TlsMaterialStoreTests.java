package dev.mcp.ambassador.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.config.DataDirectory;
import dev.mcp.ambassador.support.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialStoreTests {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

    @Test
    void identityWhenFirstBootThenCreatesPrivateKeysReadableByOwnerOnly() throws Exception {
        store(List.of("localhost")).identity();

        Path tls = dir.resolve("data/tls");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("ca-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("server-key.pem"))))
                .isEqualTo("rw-------");
    }

    @Test
    void identityWhenRestartedThenKeepsTheSameCaAndCertificate() throws Exception {
        ServerTlsIdentity first = store(List.of("localhost")).identity();
        String chain = Files.readString(first.certificateChain());

        ServerTlsIdentity second = store(List.of("localhost")).identity();

        assertThat(second.caFingerprintSha256()).isEqualTo(first.caFingerprintSha256());
        assertThat(Files.readString(second.certificateChain())).isEqualTo(chain);
    }

    @Test
    void identityWhenHostnamesChangeWithinTheCasNamesThenReissuesFromTheSameCa() throws Exception {
        ServerTlsIdentity first = store(List.of("ambassador.internal")).identity();

        ServerTlsIdentity second = store(List.of("mcp.ambassador.internal")).identity();

        assertThat(second.caFingerprintSha256()).isEqualTo(first.caFingerprintSha256());
        assertThat(TlsMaterialStore.subjectAlternativeNames(
                        Pem.readCertificates(second.certificateChain()).getFirst()))
                .containsExactly("localhost", "127.0.0.1", "mcp.ambassador.internal");
    }

    @Test
    void identityWhenHostnamesChangeBeyondTheCasNamesThenStartupStopsSayingWhatToDo() {
        store(List.of("localhost")).identity();

        assertThatThrownBy(() -> store(List.of("ambassador.example.com")).identity())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ambassador.example.com")
                .hasMessageContaining("Move ca.pem and ca-key.pem away");
    }

    @Test
    void identityWhenCaIsGeneratedThenItIsLimitedToTheConfiguredNames() throws Exception {
        ServerTlsIdentity identity =
                store(List.of("ambassador.internal", "10.1.2.3")).identity();
        java.security.cert.X509Certificate ca =
                Pem.readCertificates(identity.certificateChain()).getLast();

        assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.30");
        CertificateAuthority reloaded = new CertificateAuthority(null, ca);
        assertThat(reloaded.mayCertify(List.of("localhost", "127.0.0.1", "ambassador.internal", "10.1.2.3")))
                .isTrue();
        assertThat(reloaded.mayCertify(List.of("example.com"))).isFalse();
    }

    @Test
    void identityWhenCertificateNearExpiryThenRenewsIt() throws Exception {
        ServerTlsIdentity first = store(List.of("localhost")).identity();
        var before = Pem.readCertificates(first.certificateChain()).getFirst();
        clock.advance(CertificateAuthority.SERVER_VALIDITY.minus(Duration.ofDays(10)));

        var after = Pem.readCertificates(store(List.of("localhost")).identity().certificateChain())
                .getFirst();

        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(after.getNotAfter()).isAfter(before.getNotAfter());
    }

    @Test
    void identityWhenOperatorKeyDoesNotMatchCertificateThenStartupFails() throws Exception {
        ServerTlsIdentity generated = store(List.of("localhost")).identity();
        Path otherKey = dir.resolve("data/tls/ca-key.pem");
        AmbassadorProperties properties = properties(
                List.of("localhost"),
                new AmbassadorProperties.Tls(generated.certificateChain().toString(), otherKey.toString()));

        TlsMaterialStore store = new TlsMaterialStore(properties, new DataDirectory(properties), clock);

        assertThatThrownBy(store::identity).hasMessageContaining("does not belong");
    }

    @Test
    void identityWhenOperatorFilesGivenThenFingerprintIsTheChainsTopCertificate() throws Exception {
        ServerTlsIdentity generated = store(List.of("localhost")).identity();
        AmbassadorProperties properties = properties(
                List.of("localhost"),
                new AmbassadorProperties.Tls(
                        generated.certificateChain().toString(),
                        generated.privateKey().toString()));

        ServerTlsIdentity operator = new TlsMaterialStore(properties, new DataDirectory(properties), clock).identity();

        assertThat(operator.caFingerprintSha256()).isEqualTo(generated.caFingerprintSha256());
        assertThat(operator.certificateChain()).isEqualTo(generated.certificateChain());
    }

    private TlsMaterialStore store(List<String> hostnames) {
        AmbassadorProperties properties = properties(hostnames, new AmbassadorProperties.Tls(null, null));
        return new TlsMaterialStore(properties, new DataDirectory(properties), clock);
    }

    private AmbassadorProperties properties(List<String> hostnames, AmbassadorProperties.Tls tls) {
        return new AmbassadorProperties(
                dir.resolve("data"),
                hostnames,
                tls,
                new AmbassadorProperties.Database(null, null, null),
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                new AmbassadorProperties.BootstrapAdmin("admin", null),
                new AmbassadorProperties.Sessions(Duration.ofHours(8), Duration.ofDays(7), Duration.ofMinutes(5)),
                new AmbassadorProperties.Mcp("__", Duration.ofSeconds(60), Duration.ofSeconds(300), 200),
                new AmbassadorProperties.Downstream(List.of()),
                new AmbassadorProperties.Auth(
                        null,
                        0,
                        Duration.ofSeconds(5),
                        Duration.ofHours(12),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10)));
    }
}
