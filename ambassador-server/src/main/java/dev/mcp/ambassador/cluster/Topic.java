package dev.mcp.ambassador.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of change the feed carries; each has its own counter in {@code change_versions}. */
public enum Topic {
    /** Client sessions revoked. */
    SESSIONS,
    /** Preshared keys revoked. */
    KEYS,
    /** Users suspended, deleted or made active again. */
    USERS,
    /** The session signing keys rotated. */
    SIGNING_KEYS,
    /** Kill switches set or lifted. */
    KILL_SWITCHES,
    /** Grants or group memberships changed. */
    GRANTS,
    /** Catalog entries added, changed or removed. */
    CATALOG,
    /** Rate limits added or removed. */
    RATE_LIMITS;

    /** The name stored in the database and sent in notifications. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Topic> parse(String code) {
        return Arrays.stream(values()).filter(t -> t.code().equals(code)).findFirst();
    }
}
