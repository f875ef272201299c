package dev.mcp.ambassador.audit;

/**
 * Where every change to the ambassador's configuration is reported: who changed what, and how it
 * looked before and after. Callers pass views that name secrets but never carry their values.
 */
public interface ConfigurationChanges {

    /**
     * Records that the signed-in principal made a change.
     *
     * @param action what was done, e.g. {@code kill_switch.created}
     * @param target what it was done to, e.g. the kill switch's id
     * @param before the view before the change; null when it did not exist
     * @param after the view after the change; null when it no longer exists
     */
    void record(String action, String target, Object before, Object after);
}
