-- Shinchoku schema, version 1. Every table people edit has version (optimistic locking) and created/updated stamps.
-- Natural keys are unique per plan; references between plan tables are composite foreign keys, deferred to the end
-- of the transaction so an import can write its rows in any order.

create table organisations (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[0-9]{6}$'),          -- 地方公共団体コード
  name text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table plans (
  id bigint generated always as identity primary key,
  organisation_id bigint not null references organisations (id),
  code text not null,                                              -- the plan's id in data files (計画ID)
  name text not null,
  period_from integer not null check (period_from between 1868 and 2200),
  period_to integer not null check (period_to between 1868 and 2200),
  basic_goal text not null,
  slogan text,
  subtitle text,
  report_fiscal_year integer not null check (report_fiscal_year between 1868 and 2200),
  report_title text not null,
  actuals_provisional boolean not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (organisation_id, code),
  check (period_from <= period_to)
);

create table rules (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  rule text not null,
  value text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, rule)
);

create table departments (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  code text not null,
  bureau text not null,
  division text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, code)
);

create table goals (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  code text not null,
  parent text,
  position integer not null,
  kind text not null check (kind in ('priority', 'foundation', 'area')),
  number integer,
  marker text,
  label text,
  title text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, code),
  foreign key (plan_id, parent) references goals (plan_id, code) deferrable initially deferred
);

create table guidelines (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  goal text not null,
  section integer not null,
  position integer not null,
  text text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, goal, section, position),
  foreign key (plan_id, goal) references goals (plan_id, code) deferrable initially deferred
);

create table kpis (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  kpi_id text not null,
  name text not null,
  unit text not null,
  direction text not null check (direction in ('increase', 'decrease')),
  cumulative boolean not null,
  note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, kpi_id)
);

create table headline_kpis (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  goal text not null,
  section integer not null,
  position integer not null,
  kpi text not null,
  display_unit text,
  display_divisor integer,
  display_digits integer,
  published_target_at text,
  published_target numeric,
  published_achievement_rate numeric,
  published_note text,
  has_published boolean not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, goal, section, position),
  foreign key (plan_id, goal) references goals (plan_id, code) deferrable initially deferred,
  foreign key (plan_id, kpi) references kpis (plan_id, kpi_id) deferrable initially deferred
);

create table headline_published_values (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  goal text not null,
  section integer not null,
  card integer not null,
  position integer not null,
  at text not null,
  value numeric not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, goal, section, card, position),
  foreign key (plan_id, goal, section, card) references headline_kpis (plan_id, goal, section, position)
    deferrable initially deferred
);

create table initiatives (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  goal text not null,
  section integer not null,
  position integer not null,
  text text not null,
  emphasis text,
  date text,
  until text,
  is_new boolean not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, goal, section, position),
  foreign key (plan_id, goal) references goals (plan_id, code) deferrable initially deferred
);

create table initiative_details (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  goal text not null,
  section integer not null,
  initiative integer not null,
  position integer not null,
  text text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, goal, section, initiative, position),
  foreign key (plan_id, goal, section, initiative) references initiatives (plan_id, goal, section, position)
    deferrable initially deferred
);

create table initiative_figures (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  goal text not null,
  section integer not null,
  initiative integer not null,
  position integer not null,
  label text not null,
  value numeric not null,
  approximate boolean not null,
  unit text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, goal, section, initiative, position),
  foreign key (plan_id, goal, section, initiative) references initiatives (plan_id, goal, section, position)
    deferrable initially deferred
);

create table measures (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  measure_id text not null,
  position integer not null,
  goal text not null,
  name text not null,
  department text not null,
  note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, measure_id),
  foreign key (plan_id, goal) references goals (plan_id, code) deferrable initially deferred,
  foreign key (plan_id, department) references departments (plan_id, code) deferrable initially deferred
);

create table joint_measures (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  measure text not null,
  position integer not null,
  name text not null,
  department text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, measure, position),
  foreign key (plan_id, measure) references measures (plan_id, measure_id) deferrable initially deferred,
  foreign key (plan_id, department) references departments (plan_id, code) deferrable initially deferred
);

create table measure_kpis (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  measure text not null,
  position integer not null,
  kpi text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, measure, position),
  foreign key (plan_id, measure) references measures (plan_id, measure_id) deferrable initially deferred,
  foreign key (plan_id, kpi) references kpis (plan_id, kpi_id) deferrable initially deferred
);

create table kpi_values (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  kpi text not null,
  kind text not null check (kind in ('baseline', 'target', 'actual')),
  fiscal_year integer check (fiscal_year between 1868 and 2200),
  as_of text,
  value numeric,
  missing text check (missing in ('no-value', 'not-measured', 'not-yet-known')),
  marker text,
  percent boolean not null,
  approximate boolean not null,
  unit text,
  relative text check (relative in ('exceed-previous-year')),
  provisional boolean,
  note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique nulls not distinct (plan_id, kpi, kind, fiscal_year),
  foreign key (plan_id, kpi) references kpis (plan_id, kpi_id) deferrable initially deferred,
  -- a value is a number, a missing value with its reason, or a relative target: never a silent blank
  check (num_nonnulls(value, missing, relative) = 1)
);

create table analyses (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  measure text not null,
  fiscal_year integer not null check (fiscal_year between 1868 and 2200),
  text text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, measure, fiscal_year),
  foreign key (plan_id, measure) references measures (plan_id, measure_id) deferrable initially deferred
);

create table published_labels (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  measure text not null,
  fiscal_year integer not null check (fiscal_year between 1868 and 2200),
  position integer not null,
  label text not null check (label in ('達成', '一部達成', '未達成')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, measure, fiscal_year, position),
  foreign key (plan_id, measure) references measures (plan_id, measure_id) deferrable initially deferred
);

create table project_totals (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  goal text not null,
  fiscal_year integer not null check (fiscal_year between 1868 and 2200),
  count integer not null check (count >= 0),
  amount_thousand_yen bigint not null,          -- 決算額, integer 千円
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, goal, fiscal_year),
  foreign key (plan_id, goal) references goals (plan_id, code) deferrable initially deferred
);

create table published_summaries (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  fiscal_year integer not null check (fiscal_year between 1868 and 2200),
  position integer not null,
  goal text,
  label text,
  projects integer not null,
  amount_oku_yen numeric not null,
  difference_projects integer,
  difference_oku_yen numeric,
  rounding_note boolean,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, fiscal_year, position),
  foreign key (plan_id, goal) references goals (plan_id, code) deferrable initially deferred
);

create table transcription_notes (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  position integer not null,
  text text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, position)
);

-- Append-only record of every change: who, when, what, old → new, written in the same transaction as the change.
create table history (
  id bigint generated always as identity primary key,
  plan_id bigint,                                                  -- no foreign key: history outlives what it records
  table_name text not null,
  row_key jsonb not null,
  operation text not null check (operation in ('insert', 'update', 'delete')),
  column_name text,
  old_value text,
  new_value text,
  actor text not null,
  request_id text,
  changed_at timestamptz not null default now()
);
create index history_plan_changed_at on history (plan_id, changed_at);

create function history_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'history is append-only (%)', tg_op using errcode = 'insufficient_privilege';
end;
$$;

create trigger history_append_only before update or delete on history
  for each row execute function history_is_append_only();
