-- Grants decide prompts and resources as well as tools: each has its own allow and deny patterns.
-- Existing grants get none, so nothing a grant did not name becomes reachable: an administrator
-- adds prompt_allow / resource_allow to the grants that should offer them.
alter table grants add column prompt_allow text[] not null default '{}';
alter table grants add column prompt_deny text[] not null default '{}';
alter table grants add column resource_allow text[] not null default '{}';
alter table grants add column resource_deny text[] not null default '{}';
