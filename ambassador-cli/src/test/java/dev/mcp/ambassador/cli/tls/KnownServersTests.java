package dev.mcp.ambassador.cli.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcp.ambassador.cli.CliException;
import dev.mcp.ambassador.cli.ConfigDirectory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownServersTests {

    @TempDir
    Path temp;

    @Test
    void recordWhenPinnedThenFoundByOriginAndRemovedOnReset() throws Exception {
        List<X509Certificate> cas = someCas();
        KnownServers known = new KnownServers(new ConfigDirectory(temp.resolve("ambassador")));

        known.record(
                URI.create("https://Amb.Example:8443/anything"), cas.get(0), Instant.parse("2026-01-01T00:00:00Z"));
        known.record(URI.create("https://other.example"), cas.get(1), Instant.parse("2026-01-02T00:00:00Z"));

        KnownServers.Pin pin =
                known.find(URI.create("https://amb.example:8443")).orElseThrow();
        assertThat(pin.fingerprint()).isEqualTo(Fingerprints.sha256(cas.get(0)));
        assertThat(pin.ca()).isEqualTo(cas.get(0));
        assertThat(known.find(URI.create("https://other.example:443"))).isPresent();
        assertThat(known.find(URI.create("https://amb.example:9443"))).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(known.file())))
                .isEqualTo("rw-------");

        assertThat(known.remove(URI.create("https://amb.example:8443"))).isTrue();
        assertThat(known.find(URI.create("https://amb.example:8443"))).isEmpty();
        assertThat(known.find(URI.create("https://other.example"))).isPresent();
    }

    @Test
    void findWhenACertificateWasSwappedInTheFileThenRefuses() throws Exception {
        List<X509Certificate> cas = someCas();
        KnownServers known = new KnownServers(new ConfigDirectory(temp.resolve("ambassador")));
        known.record(URI.create("https://amb.example"), cas.get(0), Instant.now());
        String swapped = Files.readString(known.file())
                .replace(
                        java.util.Base64.getEncoder().encodeToString(cas.get(0).getEncoded()),
                        java.util.Base64.getEncoder().encodeToString(cas.get(1).getEncoded()));
        Files.writeString(known.file(), swapped);

        assertThatThrownBy(() -> known.find(URI.create("https://amb.example")))
                .hasMessageContaining("does not match its recorded fingerprint");
    }

    @Test
    void findWhenFileWritableByOthersThenRefuses() throws Exception {
        KnownServers known = new KnownServers(new ConfigDirectory(temp.resolve("ambassador")));
        known.record(URI.create("https://amb.example"), someCas().get(0), Instant.now());
        Files.setPosixFilePermissions(known.file(), PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThatThrownBy(() -> known.find(URI.create("https://amb.example")))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("chmod 600");
    }

    private static List<X509Certificate> someCas() throws Exception {
        KeyStore cacerts = KeyStore.getInstance(
                Path.of(System.getProperty("java.home"), "lib/security/cacerts").toFile(), "changeit".toCharArray());
        return Collections.list(cacerts.aliases()).stream()
                .sorted()
                .limit(2)
                .map(alias -> {
                    try {
                        return (X509Certificate) cacerts.getCertificate(alias);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
