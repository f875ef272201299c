package dev.mcp.ambassador.identity;

import dev.mcp.ambassador.config.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Remembers that the first administrator still signs in with the password the server generated
 * and printed, until they replace it. The mark is a file in the data directory ({@code
 * first_run_password}, 0600, holding only the user's id), so it survives restarts without a
 * schema change; it is removed when that user changes their password. While it is there, {@link
 * PasswordChangeRequiredInterceptor} lets that user do nothing but read who they are, change the
 * password, and sign out.
 */
@Component
class FirstRunPassword {

    static final String FILE_NAME = "first_run_password";

    private final DataDirectory dataDirectory;
    private volatile Optional<UUID> pending;

    FirstRunPassword(DataDirectory dataDirectory) {
        this.dataDirectory = dataDirectory;
        this.pending = read(file());
    }

    /** Marks {@code userId} as holding a generated password that must be replaced. */
    void markGenerated(UUID userId) {
        try {
            dataDirectory.writePrivateFile(file(), userId.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record that the first password must be changed", e);
        }
        pending = Optional.of(userId);
    }

    /** True while {@code userId} still has the generated password. */
    boolean changeRequired(UUID userId) {
        return pending.filter(userId::equals).isPresent();
    }

    /** Called after {@code userId} changed their password: the requirement is met. */
    void passwordChanged(UUID userId) {
        if (!changeRequired(userId)) {
            return;
        }
        try {
            Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear the first-run password mark", e);
        }
        pending = Optional.empty();
    }

    private Path file() {
        return dataDirectory.root().resolve(FILE_NAME);
    }

    private static Optional<UUID> read(Path file) {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(
                    Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            // A damaged mark must not lift the requirement silently: refuse to start.
            throw new IllegalStateException(file + " does not hold a user id; restore it or delete it deliberately", e);
        }
    }
}
