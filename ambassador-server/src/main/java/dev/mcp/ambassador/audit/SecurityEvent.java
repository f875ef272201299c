package dev.mcp.ambassador.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One authentication or authorisation decision, or a change of one's own password. Never carries a
 * secret: keys and tokens are named by their ids or prefixes only. Changes an administrator makes
 * (keys issued or revoked, users suspended) are {@link ConfigurationChanges}.
 *
 * @param userId the user concerned, when known
 * @param subject what the event is about: a username tried, a key id, a session id
 * @param clientAddress where the request came from, when there was one
 * @param reason why a refusal happened, for reviewers; never shown to the caller
 */
public record SecurityEvent(Type type, Instant at, UUID userId, String subject, String clientAddress, String reason) {

    /** The kinds of security event. */
    public enum Type {
        LOGIN_SUCCEEDED,
        LOGIN_FAILED,
        LOGIN_THROTTLED,
        LOGOUT,
        REGISTRATION_SUCCEEDED,
        REGISTRATION_FAILED,
        REGISTRATION_THROTTLED,
        SESSION_TOKEN_REFUSED,
        SESSION_REVOKED,
        API_KEY_REFUSED,
        PASSWORD_CHANGED,
        SIGNING_KEY_ROTATED
    }
}
