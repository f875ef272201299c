package dev.mcp.ambassador.cli.admin;

import dev.mcp.ambassador.cli.ConfigDirectory;
import dev.mcp.ambassador.cli.tls.KnownServers;
import dev.mcp.ambassador.cli.tls.ServerTrust;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** How an admin command trusts the server: {@code --ca-file}, the pin, or a confirmed first contact. */
public final class TrustOptions {

    @Option(
            names = "--ca-file",
            paramLabel = "PEM",
            description = "Trust exactly the CA certificate(s) in this PEM file instead of the pinned CA.")
    Path caFile;

    @Option(
            names = "--ca-fingerprint",
            paramLabel = "SHA256",
            description = "On first contact, pin the server's CA only if it has this fingerprint "
                    + "(the one the server logs at start). Without it, you are asked at the terminal.")
    String caFingerprint;

    /** Trust for {@code server}, confirmed before anything secret is sent. */
    ServerTrust trust(URI server, ConfigDirectory config) {
        return ServerTrust.forServer(server, new KnownServers(config), caFile, Clock.systemUTC());
    }

    String expectedFingerprint() {
        return caFingerprint;
    }
}
