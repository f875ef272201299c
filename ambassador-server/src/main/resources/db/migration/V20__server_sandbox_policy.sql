-- A stdio server's sandbox settings: {"network": bool, "memory_mb": n, "processes": n, "open_files": n}.
-- An absent key means the operator's default (ambassador.sandbox.*).
alter table servers add column sandbox jsonb not null default '{}';
