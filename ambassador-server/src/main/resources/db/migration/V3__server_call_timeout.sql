-- A per-server limit for tools/call; null means the ambassador's default (ambassador.mcp.call-timeout).
alter table servers add column call_timeout_seconds integer check (call_timeout_seconds > 0);
