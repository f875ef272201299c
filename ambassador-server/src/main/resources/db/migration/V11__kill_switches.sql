-- Kill switches: an administrator stops every request in a scope at once. Rows are never deleted;
-- lifting one records who lifted it and when, so the history stays for review.
create table kill_switches (
    id              uuid primary key,
    scope           text not null check (scope in ('global', 'server', 'tool', 'user', 'key')),
    -- global: null; server: its slug; tool: '<slug>/<tool>'; user and key: their id.
    target          text,
    reason          text not null check (length(reason) between 1 and 1000),
    created_by_name text not null,
    created_at      timestamptz not null default now(),
    lifted_by_name  text,
    lifted_at       timestamptz,
    check ((scope = 'global') = (target is null))
);
create index kill_switches_active on kill_switches (scope, target) where lifted_at is null;
