package dev.mcp.ambassador.downstream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How stdio downstream processes are started and isolated ({@code ambassador.sandbox.*}, documented
 * in {@code docs/configuration.md}). Operator settings only: nothing here can be changed through
 * the API, so an admin API key alone cannot widen what a child may run or reach.
 *
 * @param mode {@code bubblewrap} (the default) or {@code none}, which must be chosen explicitly
 * @param allowedCommands the executables a catalog entry's {@code command[0]} may name, compared
 *     exactly; empty allows none
 * @param exposedPaths directories shown read-only inside the sandbox although they lie below a
 *     hidden directory (the working directory, a home directory); never one holding the data
 *     directory or the working directory
 * @param hiddenPaths further directories that do not exist inside the sandbox
 * @param childUid the uid and gid children run as when the ambassador runs as root
 * @param memoryMb default address-space limit of each process of a child, in MiB; 0 (the default)
 *     for none, since Node's WebAssembly reserves far more address space than it uses
 * @param processes default limit of processes and threads (RLIMIT_NPROC)
 * @param openFiles default limit of open files per process
 * @param maxProcesses how many stdio processes may run at once, in all
 * @param maxProcessesPerUser how many {@code per_user} processes any one user may have at once
 * @param idleTimeout a process asked nothing for this long, with no answer pending, is stopped;
 *     the next call starts a fresh one. Zero keeps processes until they are stopped otherwise
 */
@ConfigurationProperties("ambassador.sandbox")
public record SandboxProperties(
        @DefaultValue("bubblewrap") String mode,
        @DefaultValue List<String> allowedCommands,
        @DefaultValue List<Path> exposedPaths,
        @DefaultValue List<Path> hiddenPaths,
        @DefaultValue("65534") int childUid,
        @DefaultValue("0") int memoryMb,
        @DefaultValue("512") int processes,
        @DefaultValue("1024") int openFiles,
        @DefaultValue("64") int maxProcesses,
        @DefaultValue("8") int maxProcessesPerUser,
        @DefaultValue("15m") Duration idleTimeout) {}
