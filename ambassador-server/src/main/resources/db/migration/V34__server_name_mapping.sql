-- How a server's tool and prompt names and resource URIs reach clients: always prefixed with the
-- slug (<slug>__tool, mcp-ambassador://<slug>/...), never (as the server names them; a collision
-- with another published server is refused when it is published), or only when ambiguous.
alter table servers add column name_mapping text not null default 'always'
    check (name_mapping in ('always', 'never', 'when_ambiguous'));
