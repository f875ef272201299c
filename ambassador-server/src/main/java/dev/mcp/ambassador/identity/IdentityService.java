package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.web.Problems;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Creates users, checks their passwords and keeps password hashes inside this package. */
@Service
public class IdentityService {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;

    IdentityService(UserRepository users, PasswordHasher hasher, PasswordPolicy policy) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
    }

    /** Creates a user; a null password makes one that cannot sign in with a password. */
    public User createUser(String username, String displayName, char[] password, Set<Role> roles) {
        String hash = null;
        if (password != null) {
            try {
                policy.check(password, username, displayName);
                hash = hasher.hash(password);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        try {
            return users.insert(username, displayName, hash, roles);
        } catch (DuplicateKeyException e) {
            throw Problems.conflict("A user named '" + username + "' already exists.");
        }
    }

    /**
     * The active user whose password this is, or empty. Takes as long for an unknown or suspended
     * user as for a wrong password.
     */
    public Optional<User> authenticate(String username, char[] password) {
        try {
            Optional<User> user = users.findByUsername(username);
            if (user.isEmpty()) {
                hasher.verifyAgainstNothing(password);
                return Optional.empty();
            }
            String hash = users.passwordHash(user.get().id()).orElse(null);
            boolean matches = hasher.verify(password, hash);
            if (matches && hasher.needsRehash(hash)) {
                // The secret is at hand only now: move the hash to the current parameters.
                users.updatePasswordHash(user.get().id(), hasher.hash(password));
            }
            return matches && user.get().active() ? user : Optional.empty();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public Optional<User> findUser(UUID id) {
        return users.findById(id);
    }

    /**
     * Replaces the password of {@code user} after checking the current one.
     *
     * @return false when {@code current} is wrong; nothing is changed then
     * @throws org.springframework.web.ErrorResponseException 400 when the new password is weak
     */
    boolean changePassword(User user, char[] current, char[] replacement) {
        try {
            String hash = users.passwordHash(user.id()).orElse(null);
            if (!hasher.verify(current, hash)) {
                return false;
            }
            policy.check(replacement, user.username(), user.displayName());
            users.updatePasswordHash(user.id(), hasher.hash(replacement));
            return true;
        } finally {
            Arrays.fill(current, '\0');
            Arrays.fill(replacement, '\0');
        }
    }

    /** Why a password given in configuration is refused, or null; never includes the password. */
    String configuredPasswordProblem(char[] password, String username) {
        return policy.problem(password, username, null);
    }
}
