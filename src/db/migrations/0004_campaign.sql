-- The yearly collection campaign: a reporting cycle per plan and fiscal year, one answer per department, and the
-- publications — immutable snapshots of what the public sees, numbered 第1版, 第2版 … per fiscal year.

create table reporting_cycles (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  fiscal_year integer not null check (fiscal_year between 1868 and 2200),
  state text not null check (state in ('preparing', 'collecting', 'reviewing', 'published', 'correcting')),
  due_date text check (due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),  -- a calendar date in Japan, not an instant
  -- the plan as it stood when the cycle was opened: what the public sees until the first publication
  opening_document text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, fiscal_year)
);

create table department_answers (
  id bigint generated always as identity primary key,
  cycle_id bigint not null references reporting_cycles (id) on delete cascade,
  department text not null,
  state text not null check (state in ('not_started', 'in_progress', 'submitted', 'returned', 'approved')),
  due_date text check (due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),  -- overrides the cycle's due date when set
  comment text,                                                    -- the reason given when returned
  last_changed_by text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (cycle_id, department)
);

create table publications (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  fiscal_year integer not null check (fiscal_year between 1868 and 2200),
  revision integer not null check (revision >= 1),
  reason text,
  document text not null,                                          -- the plan as published (canonical JSON)
  changes text not null,                                           -- JSON: figures changed from the previous revision
  published_by text not null,
  published_at timestamptz not null default now(),
  unique (plan_id, fiscal_year, revision)
);

create function publications_are_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'publications are immutable (%)', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger publications_immutable before update or delete on publications
  for each row execute function publications_are_immutable();

-- Where reminders go: the e-mail address of an account (optional).
alter table users add column email text check (email ~ '^[^@[:space:]]+@[^@[:space:]]+$');
