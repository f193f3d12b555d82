-- Staff accounts, sessions and login throttling. Passwords are argon2id hashes; sessions are stored by the SHA-256
-- of their id, so a copy of the database does not hand out live sessions.

create table users (
  id bigint generated always as identity primary key,
  login text not null unique check (login ~ '^[A-Za-z0-9._-]{2,64}$'),
  name text not null check (length(name) between 1 and 100),
  role text not null check (role in ('admin', 'editor', 'viewer')),
  password_hash text not null,
  must_change_password boolean not null default true,
  disabled boolean not null default false,
  totp_secret text,                                                -- base32; set once enrolment is confirmed
  totp_pending_secret text,                                        -- shown as a QR code until confirmed
  totp_last_step bigint,                                           -- replay protection: a code is used once
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The departments an editor answers for, by department code (departments are per plan; the code is shared).
create table user_departments (
  user_id bigint not null references users (id) on delete cascade,
  department text not null,
  primary key (user_id, department)
);

create table sessions (
  id_hash text primary key,
  user_id bigint not null references users (id) on delete cascade,
  csrf_token text not null,
  -- password accepted but the second factor (or its enrolment) still due: only the MFA pages are open
  stage text not null check (stage in ('mfa', 'enrol', 'full')),
  created_at timestamptz not null,
  last_seen_at timestamptz not null
);
create index sessions_user on sessions (user_id);

-- Failed logins per key ('login:<id>' or 'ip:<address>'): a growing pause, never a permanent lock-out.
create table login_throttle (
  key text primary key,
  failures integer not null,
  last_failure_at timestamptz not null,
  blocked_until timestamptz
);

-- Nobody but the owner may rewrite history (the trigger already refuses updates and deletes); see
-- `shinchoku db grant` for the application's role on a PostgreSQL server.
revoke update, delete, truncate on history from public;
