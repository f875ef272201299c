package dev.mcp.ambassador.session;

import java.time.Instant;
import java.util.UUID;

/**
 * What a session token asserts. It is also the principal of requests made with the token.
 *
 * @param sessionId the client session this token belongs to
 * @param userId the user the session acts for
 * @param presharedKeyId the preshared key the session was registered with
 */
public record SessionClaims(UUID sessionId, UUID userId, UUID presharedKeyId, Instant issuedAt, Instant expiresAt) {}
