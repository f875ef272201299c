package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.config.AmbassadorProperties;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Keeps browser sessions no stronger than their user is now. At sign-in a session records when it
 * began and the user's session epoch; on every request it must still be within its absolute
 * lifetime, and the user must still exist, be active, hold the same roles and have the same epoch.
 * The user row is re-read at most every {@code ambassador.auth.user-recheck} (changes made on this
 * server apply at once). Suspension, deletion, a role change and a password change raise the epoch,
 * which ends every other browser session of the user, on every replica.
 */
@Component
class BrowserSessions {

    static final String EPOCH = "ambassador.session_epoch";
    static final String SIGNED_IN_AT = "ambassador.signed_in_at";

    private final UserRepository users;
    private final Clock clock;
    private final Duration recheck;
    private final Duration maxLifetime;
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();

    BrowserSessions(UserRepository users, Clock clock, AmbassadorProperties properties) {
        this.users = users;
        this.clock = clock;
        this.recheck = properties.auth().userRecheck();
        this.maxLifetime = properties.auth().browserSessionMaxLifetime();
    }

    private record Cached(Optional<UserRepository.SessionState> state, Instant readAt) {}

    /** Marks {@code session} as signed in now by {@code user}, under the user's current epoch. */
    void signedIn(HttpSession session, User user) {
        session.setAttribute(SIGNED_IN_AT, clock.instant());
        session.setAttribute(
                EPOCH,
                state(user.id(), true).map(UserRepository.SessionState::epoch).orElse(-1L));
    }

    /** Why {@code session} of {@code principal} must end now, or empty when it may continue. */
    Optional<String> whyEnded(HttpSession session, AuthenticatedUser principal) {
        Object signedInAt = session.getAttribute(SIGNED_IN_AT);
        Object epoch = session.getAttribute(EPOCH);
        if (!(signedInAt instanceof Instant began) || !(epoch instanceof Long signedInEpoch)) {
            return Optional.of("not signed in by this server");
        }
        if (!clock.instant().isBefore(began.plus(maxLifetime))) {
            return Optional.of("past its maximum lifetime");
        }
        Optional<UserRepository.SessionState> state = state(principal.id(), false);
        if (state.isEmpty()) {
            return Optional.of("user deleted");
        }
        if (state.get().status() != UserStatus.ACTIVE) {
            return Optional.of("user " + state.get().status().wireName());
        }
        if (state.get().epoch() != signedInEpoch || !state.get().roles().equals(principal.roles())) {
            return Optional.of("user's roles or password changed");
        }
        return Optional.empty();
    }

    /**
     * Ends every browser session of {@code userId} except {@code keep} (null: all of them), on
     * this server at once and on others within the recheck interval.
     */
    void endSessionsOf(UUID userId, HttpSession keep) {
        long epoch = users.raiseSessionEpoch(userId);
        cache.remove(userId);
        if (keep != null) {
            keep.setAttribute(EPOCH, epoch);
        }
    }

    private Optional<UserRepository.SessionState> state(UUID userId, boolean fresh) {
        Instant now = clock.instant();
        Cached cached = cache.get(userId);
        if (fresh || cached == null || !now.isBefore(cached.readAt().plus(recheck))) {
            cached = new Cached(users.sessionState(userId), now);
            cache.put(userId, cached);
            if (cache.size() > 10_000) {
                cache.clear(); // a bound, not a policy: entries are cheap to read again
            }
        }
        return cached.state();
    }
}
