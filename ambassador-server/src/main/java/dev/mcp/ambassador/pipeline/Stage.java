package dev.mcp.ambassador.pipeline;

/**
 * The one order every tool call passes through. A step's place is its stage; there is no other
 * ordering anywhere. Authentication happens at the HTTP edge before a {@link ToolCall} exists, so
 * the pipeline starts from an authenticated caller and refuses any call without one.
 */
public enum Stage {
    AUTHENTICATE,
    KILL_SWITCH,
    RBAC,
    RATE_LIMIT,
    AUDIT,
    FORWARD
}
