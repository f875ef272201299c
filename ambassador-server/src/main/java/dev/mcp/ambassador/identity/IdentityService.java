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

    static final int MIN_PASSWORD_LENGTH = 12;

    private final UserRepository users;
    private final PasswordHasher hasher;

    IdentityService(UserRepository users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
    }

    /** Creates a user; a null password makes one that cannot sign in with a password. */
    public User createUser(String username, String displayName, char[] password, Set<Role> roles) {
        String hash = null;
        if (password != null) {
            requireAcceptablePassword(password);
            hash = hasher.hash(password);
            Arrays.fill(password, '\0');
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
            return matches && user.get().active() ? user : Optional.empty();
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public Optional<User> findUser(UUID id) {
        return users.findById(id);
    }

    static void requireAcceptablePassword(char[] password) {
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw Problems.invalidField("password", "must be at least " + MIN_PASSWORD_LENGTH + " characters long");
        }
    }
}
