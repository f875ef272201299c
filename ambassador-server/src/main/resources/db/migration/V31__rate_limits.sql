-- Rate limits made by administrators: a budget of `capacity` requests, refilled by
-- `refill_per_minute` each minute, for one target of a scope or (target null) for each member of it.
create table rate_limits (
    id                uuid primary key,
    scope             text not null check (scope in ('user', 'key', 'server', 'tool', 'user_server')),
    -- user and key: their id; server and user_server: the server's slug; tool: '<slug>/<tool>';
    -- null: every member of the scope gets a budget of its own.
    target            text,
    capacity          bigint not null check (capacity between 1 and 1000000),
    refill_per_minute bigint not null check (refill_per_minute between 1 and 1000000),
    created_by_name   text not null,
    created_at        timestamptz not null default now()
);
-- One limit per scope and target; nulls count as equal, so one "for each" limit per scope.
create unique index rate_limits_scope_target on rate_limits (scope, coalesce(target, ''));

-- The budgets themselves when AMBASSADOR_RATE_LIMIT_STORE=postgresql: bucket4j's state, one row
-- per budget, locked for the moment a request takes from it; expired rows are swept.
create table rate_limit_buckets (
    id         text primary key,
    state      bytea,
    expires_at bigint
);
create index rate_limit_buckets_expires_at on rate_limit_buckets (expires_at);
