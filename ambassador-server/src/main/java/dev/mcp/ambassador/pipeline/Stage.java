package dev.mcp.ambassador.pipeline;

import java.util.Locale;

/**
 * The one order every downstream-bound request passes through. A step's place is its stage; there
 * is no other ordering anywhere. Authentication happens at the HTTP edge before a {@link
 * DownstreamRequest} exists, so the pipeline starts from an authenticated caller and refuses any
 * request without one.
 */
public enum Stage {
    AUTHENTICATE,
    KILL_SWITCH,
    RBAC,
    RATE_LIMIT,
    AUDIT,
    FORWARD;

    /** The stage's name in refusals, audit rows and metrics: {@code kill_switch}, {@code rbac}, … */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
