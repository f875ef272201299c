package dev.mcp.ambassador.downstream;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finding the helper programs the sandbox uses, and whether this server runs as root. */
final class Executables {

    private static final List<String> SYSTEM_DIRECTORIES = List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin");

    private Executables() {}

    /** The absolute path of {@code name} on this server's PATH or in the system directories. */
    static Optional<String> find(String name) {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(SYSTEM_DIRECTORIES);
        return directories.stream()
                .filter(directory -> directory.startsWith("/"))
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .map(candidate -> candidate.toAbsolutePath().toString())
                .findFirst();
    }

    /** True when this process's effective uid is 0. */
    static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
