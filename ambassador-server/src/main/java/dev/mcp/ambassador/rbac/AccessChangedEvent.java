package dev.mcp.ambassador.rbac;

/**
 * Something changed that can change which tools, resources or prompts users see: a grant, a group
 * membership or the catalog. Connected clients are told to list again.
 */
public record AccessChangedEvent(String what) {}
