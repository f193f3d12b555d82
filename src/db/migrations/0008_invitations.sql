-- Invitations to an organisation's staff side: an admin (or the operator, for an organisation's first admin) creates
-- one with the role and departments the account will have; the person opens the one-time link, chooses their login,
-- name and password, and the account exists. The link's token is stored by its SHA-256 only; it expires, and it is
-- used once.

create table invitations (
  organisation_id bigint not null default shinchoku_write_organisation() references organisations (id),
  id bigint generated always as identity,
  token_hash text not null,
  role text not null check (role in ('admin', 'editor', 'viewer')),
  departments text not null default '',                            -- 所属コード separated by spaces
  note text check (length(note) <= 200),                           -- whom it is for, as the admin wrote it
  created_by text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_login text,
  primary key (organisation_id, id),
  unique (organisation_id, token_hash),
  check ((accepted_at is null) = (accepted_login is null))
);

alter table invitations enable row level security;
alter table invitations force row level security;
create policy organisation_rows on invitations using (organisation_id = shinchoku_organisation())
  with check (organisation_id = shinchoku_organisation());
grant select, insert, update on invitations to shinchoku_app;
revoke delete, truncate on invitations from shinchoku_app;
