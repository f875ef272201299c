-- Raised whenever a user's browser sessions must end (suspension, deletion, role change, password
-- change): a browser session remembers the value it was signed in under and ends when it differs.
alter table users add column session_epoch bigint not null default 0;
