-- 運営者: the people who run the service (not an organisation's staff). Their accounts and sessions belong to the
-- whole service, like the list of organisations: no organisation_id, no row-level security. The operator console
-- (/service/) and `shinchoku operator` work on the owner's handle; the application role that serves organisations
-- gets nothing on these tables, so no organisation's request can read an operator's password hash or session.

create table operators (
  id bigint generated always as identity primary key,
  login text not null unique check (login ~ '^[A-Za-z0-9._-]{2,64}$'),
  name text not null check (length(name) between 1 and 100),
  password_hash text not null,
  must_change_password boolean not null default true,
  disabled boolean not null default false,
  totp_secret text,                                                -- base32; set once enrolment is confirmed
  totp_pending_secret text,                                        -- shown as a QR code until confirmed
  totp_last_step bigint,                                           -- replay protection: a code is used once
  created_at timestamptz not null default now()
);

-- Sessions by the SHA-256 of their id, as staff sessions are; 'mfa' until the second factor is passed.
create table operator_sessions (
  id_hash text primary key,
  operator_id bigint not null references operators (id) on delete cascade,
  csrf_token text not null,
  stage text not null check (stage in ('mfa', 'full')),
  created_at timestamptz not null,
  last_seen_at timestamptz not null
);
create index operator_sessions_operator on operator_sessions (operator_id);

-- 0007 gives shinchoku_app every table of later migrations by default privileges: these two are taken back.
revoke all on operators, operator_sessions from shinchoku_app;
revoke all on sequence operators_id_seq from shinchoku_app;
