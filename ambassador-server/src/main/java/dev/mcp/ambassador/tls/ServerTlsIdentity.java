package dev.mcp.ambassador.tls;

import java.nio.file.Path;

/**
 * What the HTTPS listener presents and what clients pin.
 *
 * @param certificateChain PEM file: the server certificate first, then its issuers
 * @param privateKey PEM file with the server certificate's private key
 * @param caFingerprintSha256 fingerprint of the chain's top certificate, handed out at registration
 */
public record ServerTlsIdentity(Path certificateChain, Path privateKey, String caFingerprintSha256) {}
