-- 運営者への閲覧許可: whether the service operator may read this organisation's data (the operator's `shinchoku
-- organisation export`), and until when. The organisation's admin grants it for 1 to 30 days, with a reason, and may
-- withdraw it at any time; without a grant in force the operator's export is refused. One row per organisation at
-- most: a new grant replaces the old one, a withdrawal deletes it; history keeps every grant and withdrawal.

create table operator_access (
  organisation_id bigint not null default shinchoku_write_organisation() references organisations (id),
  granted_until timestamptz not null,
  granted_by text not null,                                        -- the admin's login
  granted_at timestamptz not null default now(),
  reason text check (length(reason) <= 200),                       -- why, as the admin wrote it (optional)
  primary key (organisation_id),
  check (granted_until > granted_at)
);

alter table operator_access enable row level security;
alter table operator_access force row level security;
create policy organisation_rows on operator_access using (organisation_id = shinchoku_organisation())
  with check (organisation_id = shinchoku_organisation());
grant select, insert, update, delete on operator_access to shinchoku_app;
revoke truncate on operator_access from shinchoku_app;
