package dev.mcp.ambassador.mcp;

/** An MCP session ended; {@code lastOfUser} when its user has no other. */
record McpSessionEnded(McpSession session, boolean lastOfUser) {}
