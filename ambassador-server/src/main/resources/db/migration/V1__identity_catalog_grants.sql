-- Users, groups and the credentials that prove who is calling.
create table users (
    id            uuid primary key,
    username      text not null unique check (username ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$'),
    display_name  text,
    password_hash text,
    roles         text[] not null default '{}',
    status        text not null default 'active' check (status in ('active', 'suspended')),
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

create table groups (
    id          uuid primary key,
    name        text not null unique,
    description text,
    created_at  timestamptz not null default now()
);

create table group_members (
    group_id uuid not null references groups (id) on delete cascade,
    user_id  uuid not null references users (id) on delete cascade,
    primary key (group_id, user_id)
);

-- Keys are stored as a short lookup prefix and an Argon2id hash; the key itself never is.
create table preshared_keys (
    id         uuid primary key,
    user_id    uuid not null references users (id) on delete cascade,
    name       text not null,
    prefix     text not null,
    key_hash   text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz,
    revoked_at timestamptz
);
create index preshared_keys_prefix on preshared_keys (prefix);

create table api_keys (
    id         uuid primary key,
    owner_id   uuid not null references users (id) on delete cascade,
    name       text not null,
    prefix     text not null,
    key_hash   text not null,
    created_at timestamptz not null default now(),
    revoked_at timestamptz
);
create index api_keys_prefix on api_keys (prefix);

create table client_sessions (
    id                uuid primary key,
    user_id           uuid not null references users (id) on delete cascade,
    preshared_key_id  uuid not null references preshared_keys (id) on delete cascade,
    client_name       text not null,
    host_tool         text,
    created_at        timestamptz not null default now(),
    expires_at        timestamptz not null,
    revoked_at        timestamptz
);

-- The catalog of downstream MCP servers.
create table servers (
    id           uuid primary key,
    slug         text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 63),
    display_name text not null,
    transport    text not null check (transport in ('stdio', 'http')),
    command      jsonb not null default '[]',
    env          jsonb not null default '{}',
    url          text,
    headers      jsonb not null default '{}',
    isolation    text not null default 'shared' check (isolation in ('shared', 'per_user')),
    status       text not null default 'draft' check (status in ('draft', 'published', 'archived')),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);

-- A grant lets one user or one group call the tools of one server that match allow and no deny.
create table grants (
    id         uuid primary key,
    user_id    uuid references users (id) on delete cascade,
    group_id   uuid references groups (id) on delete cascade,
    server_id  uuid not null references servers (id) on delete cascade,
    allow      text[] not null,
    deny       text[] not null default '{}',
    created_at timestamptz not null default now(),
    check ((user_id is null) <> (group_id is null))
);
create index grants_server on grants (server_id);
