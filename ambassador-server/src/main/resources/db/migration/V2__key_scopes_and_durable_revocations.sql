-- A preshared key may be narrowed to some servers and tools (least privilege per device):
-- null means "whatever the user's grants allow"; otherwise a JSON array of
-- {"server": "<slug>", "allow": ["<glob>", ...]} and a tool must match one entry as well.
alter table preshared_keys add column scopes jsonb;

-- Deleting a user or a key must not delete the record that its sessions were revoked: the
-- revocation list is rebuilt from these rows at start, so they outlive what they refer to.
alter table client_sessions alter column user_id drop not null;
alter table client_sessions alter column preshared_key_id drop not null;
alter table client_sessions drop constraint client_sessions_user_id_fkey;
alter table client_sessions drop constraint client_sessions_preshared_key_id_fkey;
alter table client_sessions
    add constraint client_sessions_user_id_fkey foreign key (user_id) references users (id) on delete set null;
alter table client_sessions
    add constraint client_sessions_preshared_key_id_fkey
    foreign key (preshared_key_id) references preshared_keys (id) on delete set null;
