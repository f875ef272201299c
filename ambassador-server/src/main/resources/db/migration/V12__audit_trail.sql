-- The audit trail: append-only rows, each carrying the SHA-256 of the row before it, so that an
-- edited, inserted or deleted row breaks the chain at a place a verifier can name. payload is the
-- exact text the hash covers; the other columns are copies of some of its fields for filtering,
-- and the verifier checks that they still agree with it.
create table audit_events (
    id         bigint primary key,
    at         timestamptz not null,
    type       text not null,
    user_id    uuid,
    username   text,
    server     text,
    subject    text,
    decision   text,
    request_id bigint,
    payload    text not null,
    prev_hash  text not null,
    hash       text not null
);
create index audit_events_at on audit_events (at);
create index audit_events_user on audit_events (user_id, id);
create index audit_events_server on audit_events (server, id);
create index audit_events_type on audit_events (type, id);
create index audit_events_request on audit_events (request_id);

-- Where the chain starts: the id and previous hash of the oldest row kept. Retention moves it
-- forward in the same transaction that deletes the rows before it.
create table audit_anchor (
    singleton  boolean primary key default true check (singleton),
    first_id   bigint not null,
    prev_hash  text not null,
    updated_at timestamptz not null default now()
);
insert into audit_anchor (first_id, prev_hash) values (1, repeat('0', 64));
