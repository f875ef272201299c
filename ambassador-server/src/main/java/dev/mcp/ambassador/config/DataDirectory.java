package dev.mcp.ambassador.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The server's data directory: secrets, TLS material and the embedded database live here. The
 * directory is kept at mode 0700 and every secret file at 0600; a looser mode found on start is
 * tightened and reported, because a readable key is a leaked key.
 */
@Component
public class DataDirectory {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final SecureRandom random = new SecureRandom();

    public DataDirectory(AmbassadorProperties properties) {
        this.root = properties.dataDir().toAbsolutePath().normalize();
        ensurePrivateDirectory(root);
    }

    public Path root() {
        return root;
    }

    /** Returns {@code name} below the data directory, creating it at mode 0700 if needed. */
    public Path privateDirectory(String name) {
        Path dir = root.resolve(name);
        ensurePrivateDirectory(dir);
        return dir;
    }

    /**
     * Returns the secret stored in {@code fileName}, first creating it from {@code length} random
     * bytes at mode 0600 when it does not exist yet.
     */
    public byte[] readOrCreateSecret(String fileName, int length) {
        Path file = root.resolve(fileName);
        try {
            if (Files.exists(file)) {
                tighten(file, OWNER_ONLY_FILE);
                return Files.readAllBytes(file);
            }
            byte[] secret = new byte[length];
            random.nextBytes(secret);
            writePrivateFile(file, secret);
            log.info("Created {} in the data directory", fileName);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }

    /** Writes {@code content} so that no other user can ever read it, even briefly. */
    public void writePrivateFile(Path file, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(
                file.getParent(), ".tmp-", "", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        try {
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Tightens an existing secret file to 0600 and reports when it had to. */
    public void ensurePrivateFile(Path file) {
        try {
            tighten(file, OWNER_ONLY_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot set permissions of " + file, e);
        }
    }

    private static void ensurePrivateDirectory(Path dir) {
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
            } else {
                tighten(dir, OWNER_ONLY_DIR);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the private directory " + dir, e);
        }
    }

    private static void tighten(Path path, Set<PosixFilePermission> wanted) throws IOException {
        Set<PosixFilePermission> actual = Files.getPosixFilePermissions(path);
        if (!actual.equals(wanted)) {
            log.warn(
                    "{} had mode {}; setting it to {}",
                    path,
                    PosixFilePermissions.toString(actual),
                    PosixFilePermissions.toString(wanted));
            Files.setPosixFilePermissions(path, wanted);
        }
    }
}
