package dev.mcp.ambassador.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where everything the benchmark runs lives, found from the benchmark jar's own place in the
 * repository ({@code ambassador-bench/target/ambassador-bench.jar}): the server jar, this JDK's
 * tools, node, and the pinned server-everything from the server's test peers.
 */
record Installation(Path repository, Path benchJar, Path serverJar, Path javaHome, Path node, Path peers) {

    static Installation locate() {
        Path jar;
        try {
            jar = Path.of(BenchMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path repository = jar.toAbsolutePath().getParent().getParent().getParent();
        Path serverJar = repository.resolve("ambassador-server/target/ambassador-server.jar");
        if (!Files.isRegularFile(serverJar)) {
            throw new IllegalStateException("No " + serverJar + ": build with ./mvnw -Pbench -DskipTests verify");
        }
        return new Installation(
                repository,
                jar,
                serverJar,
                Path.of(System.getProperty("java.home")),
                onPath("node"),
                repository.resolve("ambassador-server/src/test/peers"));
    }

    Path java() {
        return javaHome.resolve("bin/java");
    }

    Path jcmd() {
        return javaHome.resolve("bin/jcmd");
    }

    Path jfr() {
        return javaHome.resolve("bin/jfr");
    }

    /** The command that runs this jar's main class, e.g. for the echo server as a child. */
    List<String> benchCommand() {
        return List.of(java().toString(), "-XX:+UseSerialGC", "-jar", benchJar.toString());
    }

    /** server-everything's entry point, installed from the pinned lock file on first use. */
    Path serverEverything() {
        Path entry = peers.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
        if (Files.isRegularFile(entry)) {
            return entry;
        }
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(peers.toFile())
                    .inheritIO()
                    .start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.isRegularFile(entry)) {
                throw new IllegalStateException("npm ci in " + peers + " did not install server-everything");
            }
            return entry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path onPath(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, executable);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(executable + " is not on the PATH");
    }
}
