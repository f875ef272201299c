package dev.mcp.ambassador.mcp;

import java.util.Locale;
import java.util.Optional;

/** The syslog severities of MCP logging, least severe first. */
enum LogLevel {
    DEBUG,
    INFO,
    NOTICE,
    WARNING,
    ERROR,
    CRITICAL,
    ALERT,
    EMERGENCY;

    static Optional<LogLevel> parse(String name) {
        for (LogLevel level : values()) {
            if (level.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    boolean atLeast(LogLevel threshold) {
        return compareTo(threshold) >= 0;
    }
}
