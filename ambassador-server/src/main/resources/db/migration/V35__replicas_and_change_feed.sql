-- The change feed: one counter per kind of change, raised in the transaction that makes the
-- change, next to the NOTIFY that tells every replica. A replica that missed a notification sees
-- a counter it has not seen when it reconciles, and refreshes that kind.
create table change_versions (
    topic   text primary key,
    version bigint not null default 0
);

-- The replicas serving this installation: each one writes its row at start and every heartbeat;
-- rows not seen for a while are removed by any replica.
create table replicas (
    id         uuid primary key,
    address    text not null,
    version    text not null,
    started_at timestamptz not null,
    last_seen  timestamptz not null,
    sessions   integer not null default 0,
    processes  integer not null default 0
);
