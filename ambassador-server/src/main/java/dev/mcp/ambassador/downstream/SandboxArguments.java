package dev.mcp.ambassador.downstream;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Turns one child's sandbox policy into the argument vector that starts it under bubblewrap. Pure:
 * it reads no files and starts nothing, so each rule is tested on its own ({@code
 * SandboxArgumentsTests}). The order of the mount options matters to bubblewrap: the host's root
 * read-only first, then fresh {@code /dev}, {@code /proc} and {@code /tmp}, then the hidden
 * directories covered by empty file systems, then the exposed ones shown again, and the private
 * home last.
 *
 * @param bwrap the bubblewrap executable
 * @param setpriv the {@code setpriv} executable, which drops to {@code childUid} inside the sandbox
 * @param prlimit the {@code prlimit} executable, which sets the resource limits just before the command
 * @param hidden directories that must not exist inside (the data directory, the working directory,
 *     home directories); each must exist on the host
 * @param exposed directories below a hidden one shown again, read-only
 * @param home the private home and working directory of this (server, user) on the host
 * @param network whether the child keeps the host's network
 * @param childUid when present, the ambassador runs as root and the child runs as this uid and gid;
 *     when absent, bubblewrap itself runs unprivileged in a new user namespace
 * @param limits the resource limits of every process in the sandbox
 */
record SandboxArguments(
        String bwrap,
        String setpriv,
        String prlimit,
        List<Path> hidden,
        List<Path> exposed,
        Path home,
        boolean network,
        OptionalInt childUid,
        Limits limits) {

    /** Where the private home appears inside the sandbox; also the child's working directory. */
    static final String HOME = "/home/mcp";

    /** Directories hidden in every sandbox: other users' homes hold keys and caches. */
    static final List<String> ALWAYS_HIDDEN = List.of("/home", "/root");

    /**
     * @param memoryMb address-space limit of each process, in MiB; 0 for none
     * @param processes processes and threads (RLIMIT_NPROC)
     * @param openFiles open files per process
     */
    record Limits(int memoryMb, int processes, int openFiles) {}

    /** The whole argument vector: bubblewrap, its options, the wrappers, then {@code command}. */
    List<String> toArgv(List<String> command) {
        List<String> argv = new ArrayList<>();
        argv.add(bwrap);
        // System directories are there, read-only; nothing the child writes outlives it except HOME.
        add(argv, "--ro-bind", "/", "/");
        add(argv, "--dev", "/dev");
        add(argv, "--proc", "/proc");
        add(argv, "--tmpfs", "/tmp");
        for (String always : ALWAYS_HIDDEN) {
            add(argv, "--tmpfs", always);
        }
        for (Path path : hidden) {
            if (!coveredByAnother(path)) {
                add(argv, "--tmpfs", path.toString());
            }
        }
        List<Path> made = new ArrayList<>();
        for (Path path : exposed) {
            // bubblewrap makes missing parents inside an emptied directory at mode 0700, which a
            // child running as another uid could not pass through.
            for (Path parent : parentsBelowHidden(path)) {
                if (!made.contains(parent)) {
                    made.add(parent);
                    add(argv, "--perms", "0755", "--dir", parent.toString());
                }
            }
            add(argv, "--ro-bind", path.toString(), path.toString());
        }
        add(argv, "--bind", home.toString(), HOME);
        add(argv, "--chdir", HOME);
        // Unprivileged, bubblewrap needs a user namespace; as root it must not have one, or the
        // child would be root again outside it (file access is checked by the uid outside).
        if (childUid.isEmpty()) {
            argv.add("--unshare-user");
        }
        argv.add("--unshare-pid");
        argv.add("--unshare-ipc");
        argv.add("--unshare-uts");
        argv.add("--unshare-cgroup-try");
        if (!network) {
            argv.add("--unshare-net");
        }
        argv.add("--die-with-parent");
        argv.add("--new-session");
        argv.add("--");
        if (childUid.isPresent()) {
            String uid = Integer.toString(childUid.getAsInt());
            argv.add(setpriv);
            argv.add("--reuid=" + uid);
            argv.add("--regid=" + uid);
            argv.add("--clear-groups");
            argv.add("--inh-caps=-all");
            argv.add("--bounding-set=-all");
            argv.add("--no-new-privs");
            argv.add("--");
        }
        argv.add(prlimit);
        if (limits.memoryMb() > 0) {
            argv.add("--as=" + (long) limits.memoryMb() * 1024 * 1024);
        }
        argv.add("--nproc=" + limits.processes());
        argv.add("--nofile=" + limits.openFiles());
        argv.add("--");
        argv.addAll(command);
        return List.copyOf(argv);
    }

    /** A directory inside another hidden one is gone already; a second mount would only re-create it. */
    private boolean coveredByAnother(Path path) {
        return ALWAYS_HIDDEN.stream().anyMatch(always -> path.startsWith(always))
                || hidden.stream().anyMatch(other -> !other.equals(path) && path.startsWith(other));
    }

    /** The directories between the hidden one that covers {@code path} and {@code path}, outermost first. */
    private List<Path> parentsBelowHidden(Path path) {
        List<Path> covering = new ArrayList<>(hidden);
        ALWAYS_HIDDEN.forEach(always -> covering.add(Path.of(always)));
        List<Path> parents = new ArrayList<>();
        for (Path parent = path.getParent(); parent != null; parent = parent.getParent()) {
            if (covering.contains(parent)) {
                return parents.reversed();
            }
            parents.add(parent);
        }
        return List.of();
    }

    private static void add(List<String> argv, String option, String... values) {
        argv.add(option);
        argv.addAll(List.of(values));
    }
}
