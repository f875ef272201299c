package dev.mcp.ambassador.killswitch;

import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Subject;
import java.util.Locale;
import java.util.Optional;

/** What a kill switch stops: everything, a server, one tool of a server, a user or a preshared key. */
enum Scope {
    GLOBAL,
    SERVER,
    TOOL,
    USER,
    KEY;

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Scope> parse(String value) {
        for (Scope scope : values()) {
            if (scope.code().equals(value)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }

    /** The target of this scope that {@code request} falls under; empty when it falls under none. */
    Optional<String> targetOf(DownstreamRequest request) {
        return switch (this) {
            case GLOBAL -> Optional.empty();
            case SERVER -> Optional.ofNullable(request.serverSlug());
            case TOOL ->
                request.subject() != null && request.subject().type() == Subject.Type.TOOL
                        ? Optional.of(
                                request.serverSlug() + "/" + request.subject().name())
                        : Optional.empty();
            case USER -> Optional.ofNullable(request.userId()).map(Object::toString);
            case KEY -> Optional.ofNullable(request.presharedKeyId()).map(Object::toString);
        };
    }

    /** True when a switch of this scope on {@code target} stops {@code request}. */
    boolean stops(String target, DownstreamRequest request) {
        return this == GLOBAL || targetOf(request).map(target::equals).orElse(false);
    }
}
