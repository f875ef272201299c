package dev.mcp.ambassador.identity;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether a user may sign in, register clients and call tools. */
public enum UserStatus {
    ACTIVE,
    SUSPENDED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static UserStatus fromWire(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
