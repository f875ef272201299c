package dev.mcp.ambassador.catalog;

import jakarta.validation.constraints.Min;

/**
 * What a catalog entry asks of the sandbox its processes run in. A null limit means the
 * operator's default; the operator's settings decide everything else (see {@code docs/security.md}).
 *
 * @param network whether the process may use the network; null or true means it may
 * @param memoryMb address-space limit of each process, in MiB
 * @param processes limit of processes and threads
 * @param openFiles limit of open files per process
 */
public record SandboxPolicy(
        Boolean network,
        @Min(value = 64, message = "must be at least 64") Integer memoryMb,
        @Min(value = 1, message = "must be at least 1") Integer processes,
        @Min(value = 16, message = "must be at least 16") Integer openFiles) {

    /** Network on, every limit the operator's default. */
    public static final SandboxPolicy DEFAULT = new SandboxPolicy(null, null, null, null);

    public boolean networkAllowed() {
        return network == null || network;
    }
}
