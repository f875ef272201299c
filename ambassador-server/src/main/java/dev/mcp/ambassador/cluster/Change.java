package dev.mcp.ambassador.cluster;

/**
 * One change another replica made (or one a reconciliation found). {@code subject} names what
 * changed when the notification said so (an id, never a secret); null means "something of this
 * kind changed": refresh everything of it.
 */
public record Change(Topic topic, String subject) {}
