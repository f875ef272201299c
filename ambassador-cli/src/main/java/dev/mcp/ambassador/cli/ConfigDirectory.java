package dev.mcp.ambassador.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The CLI's own directory, {@code ~/.config/ambassador} (or {@code $AMBASSADOR_CONFIG_DIR}), kept
 * at mode 0700 with its files at 0600, and the rule for every file that holds a secret: one that
 * group or others may read is refused, with the {@code chmod} that fixes it.
 */
public final class ConfigDirectory {

    private static final Set<PosixFilePermission> OPEN_TO_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private final Path directory;

    public ConfigDirectory(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    /** {@code $AMBASSADOR_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/ambassador}, else {@code $HOME/.config/ambassador}. */
    public static ConfigDirectory fromEnvironment(Map<String, String> environment) {
        String explicit = environment.get("AMBASSADOR_CONFIG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return new ConfigDirectory(Path.of(explicit));
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return new ConfigDirectory(Path.of(xdg, "ambassador"));
        }
        String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
        return new ConfigDirectory(Path.of(home, ".config", "ambassador"));
    }

    public Path path() {
        return directory;
    }

    public Path resolve(String name) {
        return directory.resolve(name);
    }

    /**
     * Reads a file that holds a secret, refusing it ({@link ExitCodes#INSECURE_FILE}) when group
     * or others may read or write it.
     */
    public static String readSecretFile(Path file) {
        requirePrivate(file);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCodes.INSECURE_FILE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Refuses a file that group or others may access, naming the {@code chmod} that fixes it. */
    public static void requirePrivate(Path file) {
        if (!Files.exists(file)) {
            throw new CliException(ExitCodes.INSECURE_FILE, file + " does not exist");
        }
        if (!posix()) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(OPEN_TO_OTHERS::contains)) {
                throw new CliException(
                        ExitCodes.INSECURE_FILE,
                        "refusing to use " + file + ": it holds a secret but its mode is "
                                + PosixFilePermissions.toString(permissions)
                                + ", so other users may read it. Fix it with: chmod 600 " + file);
            }
        } catch (IOException e) {
            throw new CliException(ExitCodes.INSECURE_FILE, "cannot check " + file + ": " + e.getMessage());
        }
    }

    /**
     * Replaces {@code name} in this directory with {@code content}, atomically, as a 0600 file in a
     * 0700 directory (creating the directory and tightening its mode if needed).
     */
    public Path writePrivate(String name, String content) {
        try {
            ensureDirectory();
            Path target = directory.resolve(name);
            Path temporary = posix()
                    ? Files.createTempFile(
                            directory,
                            "." + name,
                            ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(directory, "." + name, ".tmp");
            try {
                Files.writeString(temporary, content, StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory.resolve(name), e);
        }
    }

    private void ensureDirectory() throws IOException {
        if (!posix()) {
            Files.createDirectories(directory);
            return;
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory.getParent());
            Files.createDirectory(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
