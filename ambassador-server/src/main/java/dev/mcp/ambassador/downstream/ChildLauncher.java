package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.catalog.SandboxPolicy;
import dev.mcp.ambassador.config.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Starts every stdio downstream process: checks its command and environment against the
 * operator's policy, gives it a private home per (server, user) below the data directory, and runs
 * it under bubblewrap ({@link SandboxArguments}). Without bubblewrap nothing starts, unless the
 * operator chose {@code AMBASSADOR_SANDBOX=none}, which is logged as a warning at every start.
 */
@Component
public class ChildLauncher implements DisposableBean {

    static final String NONE = "none";
    static final String BUBBLEWRAP = "bubblewrap";

    private static final Logger log = LoggerFactory.getLogger(ChildLauncher.class);

    private final SandboxProperties properties;
    private final ChildCommandPolicy policy;
    private final Path sandboxes;
    private final List<Path> hidden;
    private final List<Path> exposed;
    private final boolean sandboxed;
    private final Optional<String> bwrap;
    private final String setpriv;
    private final String prlimit;
    private final OptionalInt childUid;
    // PR_SET_PDEATHSIG, which --die-with-parent uses, fires when the *thread* that started the
    // child ends. Pool and carrier threads come and go, so every child is started from this one
    // thread, which lives as long as the JVM.
    private final ExecutorService starter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "child-launcher");
        thread.setDaemon(true);
        return thread;
    });

    ChildLauncher(SandboxProperties properties, DataDirectory dataDirectory) {
        this.properties = properties;
        this.policy = new ChildCommandPolicy(properties.allowedCommands());
        String mode = Objects.requireNonNullElse(properties.mode(), BUBBLEWRAP).trim();
        if (!mode.equals(BUBBLEWRAP) && !mode.equals(NONE)) {
            throw new IllegalStateException("AMBASSADOR_SANDBOX must be bubblewrap or none");
        }
        this.sandboxed = mode.equals(BUBBLEWRAP);
        this.sandboxes = dataDirectory.privateDirectory("sandboxes");
        Path dataDir = dataDirectory.root();
        Path workingDir = Path.of("").toAbsolutePath().normalize();
        Path userHome =
                Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        this.hidden = hiddenDirectories(dataDir, workingDir, userHome, properties.hiddenPaths());
        this.exposed = exposedDirectories(properties.exposedPaths(), dataDir, workingDir);
        this.bwrap = Executables.find("bwrap");
        this.setpriv = Executables.find("setpriv").orElse("setpriv");
        this.prlimit = Executables.find("prlimit").orElse("prlimit");
        this.childUid = Executables.runningAsRoot() ? OptionalInt.of(properties.childUid()) : OptionalInt.empty();
        if (!sandboxed) {
            log.warn("AMBASSADOR_SANDBOX=none: stdio servers run without a sandbox, as this server's own OS user,"
                    + " able to read everything it can read. See docs/security.md.");
        } else if (bwrap.isEmpty()) {
            log.error("bubblewrap (bwrap) is not installed: stdio servers will not start. Install it (Debian:"
                    + " apt-get install bubblewrap), or set AMBASSADOR_SANDBOX=none to run them unsandboxed.");
        }
        if (policy.allowsNothing()) {
            log.info("AMBASSADOR_ALLOWED_COMMANDS is empty: no stdio server can be added or started");
        }
    }

    /** The policy catalog entries are checked against when written. */
    ChildCommandPolicy policy() {
        return policy;
    }

    /**
     * Starts {@code server}'s command for {@code userId} (null for the process shared by all its
     * users) with exactly {@code environment} plus {@code PATH}, {@code LANG}, {@code TZ} and the
     * private {@code HOME}.
     *
     * @throws DownstreamException when the command or environment is not allowed, the sandbox is
     *     missing, or the process cannot start; the message names the reason, never a value
     */
    Process start(CatalogServer server, UUID userId, Map<String, String> environment) {
        policy.refuseCommand(server.command()).ifPresent(reason -> {
            throw new DownstreamException("Server '" + server.slug() + "' may not start: " + reason + ".");
        });
        policy.refuseEnvironment(environment).ifPresent(reason -> {
            throw new DownstreamException("Server '" + server.slug() + "' may not start: " + reason + ".");
        });
        if (sandboxed && bwrap.isEmpty()) {
            throw new DownstreamException("Server '" + server.slug()
                    + "' cannot start: bubblewrap is not installed on the ambassador's host (see docs/security.md).");
        }
        Path home = privateHome(server, userId);
        List<String> argv = sandboxed ? arguments(server.sandbox(), home).toArgv(server.command()) : server.command();
        ProcessBuilder builder = new ProcessBuilder(argv).directory(home.toFile());
        ChildEnvironment.apply(
                builder.environment(),
                System.getenv(),
                sandboxed ? SandboxArguments.HOME : home.toString(),
                environment);
        Future<Process> started = starter.submit(builder::start);
        try {
            return started.get();
        } catch (ExecutionException e) {
            log.warn(
                    "Cannot start downstream '{}': {}",
                    server.slug(),
                    e.getCause().getClass().getSimpleName());
            throw new DownstreamException("Server '" + server.slug() + "' could not be started.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.cancel(false);
            throw new DownstreamException("Server '" + server.slug() + "' could not be started.");
        }
    }

    SandboxArguments arguments(SandboxPolicy policy, Path home) {
        SandboxArguments.Limits limits = new SandboxArguments.Limits(
                Objects.requireNonNullElse(policy.memoryMb(), properties.memoryMb()),
                Objects.requireNonNullElse(policy.processes(), properties.processes()),
                Objects.requireNonNullElse(policy.openFiles(), properties.openFiles()));
        return new SandboxArguments(
                bwrap.orElseThrow(),
                setpriv,
                prlimit,
                hidden,
                exposed,
                home,
                policy.networkAllowed(),
                childUid,
                limits);
    }

    /** {@code data/sandboxes/<server id>/<user id or "shared">}, kept between runs for caches. */
    private Path privateHome(CatalogServer server, UUID userId) {
        Path serverDir = sandboxes.resolve(server.id().toString());
        Path home = serverDir.resolve(userId == null ? "shared" : userId.toString());
        try {
            Files.createDirectories(home);
            if (childUid.isPresent()) {
                // The child runs as another uid and must be able to write its own home, no more.
                Files.setAttribute(home, "unix:uid", childUid.getAsInt());
                Files.setAttribute(home, "unix:gid", childUid.getAsInt());
            }
            Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            return home;
        } catch (IOException e) {
            throw new DownstreamException("Server '" + server.slug() + "' could not be given its home directory.");
        }
    }

    static List<Path> hiddenDirectories(Path dataDir, Path workingDir, Path userHome, List<Path> configured) {
        List<Path> candidates = new ArrayList<>(List.of(dataDir, workingDir, userHome));
        configured.forEach(path -> candidates.add(path.toAbsolutePath().normalize()));
        // Hiding "/" would hide the system itself: a server started from / keeps its data
        // directory elsewhere, and that is hidden.
        return candidates.stream()
                .filter(path -> path.getParent() != null)
                .filter(Files::isDirectory)
                .distinct()
                .toList();
    }

    static List<Path> exposedDirectories(List<Path> configured, Path dataDir, Path workingDir) {
        List<Path> exposed = new ArrayList<>();
        for (Path path : configured) {
            Path absolute = path.toAbsolutePath().normalize();
            if (dataDir.startsWith(absolute) || workingDir.startsWith(absolute)) {
                throw new IllegalStateException("ambassador.sandbox.exposed-paths must not contain the data"
                        + " directory or the working directory: " + absolute);
            }
            if (absolute.startsWith(dataDir)) {
                throw new IllegalStateException(
                        "ambassador.sandbox.exposed-paths must not lie in the data directory: " + absolute);
            }
            if (Files.isDirectory(absolute)) {
                exposed.add(absolute);
            } else {
                log.warn("ambassador.sandbox.exposed-paths: {} is not a directory; ignored", absolute);
            }
        }
        return List.copyOf(exposed);
    }

    @Override
    public void destroy() {
        starter.shutdownNow();
    }
}
