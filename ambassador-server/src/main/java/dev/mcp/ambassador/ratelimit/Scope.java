package dev.mcp.ambassador.ratelimit;

import dev.mcp.ambassador.pipeline.DownstreamRequest;
import dev.mcp.ambassador.pipeline.Subject;
import java.util.Locale;
import java.util.Optional;

/**
 * Who or what a budget counts: a user, a preshared key, a server (all its users together), one tool
 * of a server, or one user on one server. A limit's target names one member of the scope; a limit
 * without a target gives each member a budget of its own.
 */
enum Scope {
    USER,
    KEY,
    SERVER,
    TOOL,
    USER_SERVER;

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

    /**
     * The target a limit of this scope must name to apply to {@code request}: a user or key id, a
     * server slug, {@code <slug>/<tool>}, or for {@code user_server} the server's slug. Empty when
     * the scope does not count this request (a tool limit and a prompt, say).
     */
    Optional<String> targetOf(DownstreamRequest request) {
        return switch (this) {
            case USER -> Optional.of(String.valueOf(request.userId()));
            // A request without a key is counted under one shared name, never waved through.
            case KEY -> Optional.of(String.valueOf(request.presharedKeyId()));
            case SERVER, USER_SERVER -> Optional.of(String.valueOf(request.serverSlug()));
            case TOOL ->
                request.subject() != null && request.subject().type() == Subject.Type.TOOL
                        ? Optional.of(
                                request.serverSlug() + "/" + request.subject().name())
                        : Optional.empty();
        };
    }

    /** Whose budget {@code request} takes from in this scope; present whenever {@link #targetOf} is. */
    Optional<String> counted(DownstreamRequest request) {
        return this == USER_SERVER ? targetOf(request).map(slug -> request.userId() + "@" + slug) : targetOf(request);
    }

    /** The budget's owner in words, for the refusal the user reads. */
    String describe(DownstreamRequest request) {
        return switch (this) {
            case USER -> "your account";
            case KEY -> "the key this session was registered with";
            case SERVER -> "server '" + request.serverSlug() + "'";
            case TOOL -> "tool '" + targetOf(request).orElse("") + "'";
            case USER_SERVER -> "your use of server '" + request.serverSlug() + "'";
        };
    }
}
