package dev.mcp.ambassador.cli.tls;

import dev.mcp.ambassador.cli.ConfigDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The CA each server was first seen with, in {@code known_servers} of the CLI's config directory
 * (0600 in a 0700 directory). One line per server: origin, SHA-256 fingerprint, when it was
 * recorded, and the CA certificate itself (base64 DER), so later connections trust exactly it.
 */
public final class KnownServers {

    public static final String FILE_NAME = "known_servers";

    /** A pinned CA. */
    public record Pin(String origin, String fingerprint, Instant recordedAt, X509Certificate ca) {}

    private final ConfigDirectory directory;

    public KnownServers(ConfigDirectory directory) {
        this.directory = directory;
    }

    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    /** {@code scheme://host:port} in lower case: what a pin is keyed by. */
    public static String origin(URI server) {
        String scheme =
                server.getScheme() == null ? "https" : server.getScheme().toLowerCase(Locale.ROOT);
        int port = server.getPort() != -1 ? server.getPort() : "https".equals(scheme) ? 443 : 80;
        return scheme + "://" + server.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    public synchronized Optional<Pin> find(URI server) {
        String origin = origin(server);
        return read().stream().filter(pin -> pin.origin().equals(origin)).findFirst();
    }

    public synchronized List<Pin> all() {
        return read();
    }

    /** Pins {@code ca} for the server, replacing any earlier pin for it. */
    public synchronized Pin record(URI server, X509Certificate ca, Instant now) {
        Pin pin = new Pin(origin(server), Fingerprints.sha256(ca), now, ca);
        List<Pin> pins = new ArrayList<>(read());
        pins.removeIf(existing -> existing.origin().equals(pin.origin()));
        pins.add(pin);
        write(pins);
        return pin;
    }

    /** Forgets the server's pin; true when there was one. */
    public synchronized boolean remove(URI server) {
        String origin = origin(server);
        List<Pin> pins = new ArrayList<>(read());
        boolean removed = pins.removeIf(existing -> existing.origin().equals(origin));
        if (removed) {
            write(pins);
        }
        return removed;
    }

    private List<Pin> read() {
        Path file = file();
        if (!Files.exists(file)) {
            return List.of();
        }
        // Whoever can change this file decides which servers are trusted.
        ConfigDirectory.requirePrivate(file);
        try {
            List<Pin> pins = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split("\\s+");
                if (fields.length != 4) {
                    throw new IllegalStateException(file + " has a malformed line: " + trimmed);
                }
                X509Certificate ca = certificate(Base64.getDecoder().decode(fields[3]));
                if (!Fingerprints.same(fields[1], Fingerprints.sha256(ca))) {
                    throw new IllegalStateException(
                            file + ": the certificate for " + fields[0] + " does not match its recorded fingerprint");
                }
                pins.add(new Pin(fields[0], fields[1], Instant.parse(fields[2]), ca));
            }
            return pins;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(List<Pin> pins) {
        StringBuilder content = new StringBuilder(
                "# Servers whose CA the ambassador CLI trusts: origin, SHA-256 fingerprint, pinned at, CA (base64 DER).\n"
                        + "# Re-pin deliberately with: ambassador trust --reset <url>\n");
        for (Pin pin : pins) {
            try {
                content.append(pin.origin())
                        .append(' ')
                        .append(pin.fingerprint())
                        .append(' ')
                        .append(pin.recordedAt())
                        .append(' ')
                        .append(Base64.getEncoder().encodeToString(pin.ca().getEncoded()))
                        .append('\n');
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        directory.writePrivate(FILE_NAME, content.toString());
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("known_servers holds a certificate that cannot be read", e);
        }
    }
}
