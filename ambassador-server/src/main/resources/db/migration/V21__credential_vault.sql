-- The credential vault. Each user has a 32-byte salt for deriving their vault key; each server has
-- one for the values an admin sets for it. Sealed values carry their own format version and
-- master-key id (see vault/VaultCipher); the database alone decrypts nothing.
alter table users add column vault_salt bytea check (vault_salt is null or length(vault_salt) = 32);
alter table servers add column vault_salt bytea check (vault_salt is null or length(vault_salt) = 32);

-- What credentials a server needs: [{"name", "env_var" | "header", "description", "required"}].
alter table servers add column credentials jsonb not null default '[]';

-- A sealed value: one user's (user_id set) or the server's own, set by an admin (user_id null).
create table credentials (
    server_id  uuid not null references servers (id) on delete cascade,
    user_id    uuid references users (id) on delete cascade,
    name       text not null,
    sealed     bytea not null,
    updated_at timestamptz not null default now()
);
create unique index credentials_of_user on credentials (server_id, user_id, name) where user_id is not null;
create unique index credentials_of_server on credentials (server_id, name) where user_id is null;
