-- Which MCP protocol era the ambassador speaks to a downstream: 'auto' asks server/discover at
-- 2026-07-28 first and falls back to initialize; the two versions pin one era.
alter table servers add column protocol text not null default 'auto'
    check (protocol in ('auto', '2025-11-25', '2026-07-28'));
