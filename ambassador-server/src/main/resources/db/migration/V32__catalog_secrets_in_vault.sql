-- Catalog env values and remote headers move into the credential vault, sealed as the server's own
-- values (credentials rows with user_id null, named 'env:NAME' and 'header:Name'). The env and
-- headers columns keep the names only, each with an empty value. Rows written before this version
-- still hold plaintext: the server seals them at its next start, row by row, and marks each here,
-- so an interrupted run resumes where it stopped.
alter table servers add column secrets_sealed boolean not null default false;
