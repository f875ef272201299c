package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.web.Problems;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the fields of an {@code http} catalog entry before it is stored: the URL against {@link
 * DownstreamAddressGuard}, the headers against HTTP's syntax and the headers the ambassador sets
 * itself. Refusals name the field and never echo a header value.
 */
final class RemoteServerFields {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final Set<String> RESERVED = Set.of(
            "host",
            "content-length",
            "transfer-encoding",
            "connection",
            "upgrade",
            "expect",
            "accept",
            "content-type",
            "mcp-session-id",
            "mcp-protocol-version",
            "mcp-method",
            "mcp-name",
            "last-event-id");
    private static final int MAX_HEADERS = 32;
    private static final int MAX_VALUE_LENGTH = 8192;

    private final DownstreamAddressGuard guard;

    RemoteServerFields(DownstreamAddressGuard guard) {
        this.guard = guard;
    }

    void requireUrl(String url) {
        if (url == null || url.isBlank()) {
            throw Problems.invalidField("url", "an http server needs a URL");
        }
        if (url.length() > 2048) {
            throw Problems.invalidField("url", "must be at most 2048 characters");
        }
        try {
            guard.check(url);
        } catch (DownstreamAddressGuard.Refused e) {
            throw Problems.invalidField("url", e.getMessage());
        }
    }

    void requireHeaders(Map<String, String> headers) {
        if (headers == null) {
            return;
        }
        if (headers.size() > MAX_HEADERS) {
            throw Problems.invalidField("headers", "at most " + MAX_HEADERS + " headers");
        }
        Set<String> seen = new HashSet<>();
        headers.forEach((name, value) -> {
            if (name == null || !name.matches(TOKEN)) {
                throw Problems.invalidField("headers", "a header name is not a valid HTTP token");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower)) {
                throw Problems.invalidField("headers", name + " is set by the ambassador and cannot be configured");
            }
            if (!seen.add(lower)) {
                throw Problems.invalidField("headers", name + " is given twice");
            }
            // Visible ASCII, spaces and tabs only: no line breaks that could add headers of their own.
            if (value == null || value.length() > MAX_VALUE_LENGTH || !value.matches("[\\t\\x20-\\x7e]*")) {
                throw Problems.invalidField(
                        "headers", "the value of " + name + " must be printable ASCII, at most 8192 characters");
            }
        });
    }
}
