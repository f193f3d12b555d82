-- A measure may be shown under more than one goal: measures.goal stays the primary goal (grouping in the evaluation
-- and the reports); measure_goals lists the further goals, in order (the dataset's `alsoUnder`).

create table measure_goals (
  id bigint generated always as identity primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  measure text not null,
  position integer not null,
  goal text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (plan_id, measure, position),
  foreign key (plan_id, measure) references measures (plan_id, measure_id) deferrable initially deferred,
  foreign key (plan_id, goal) references goals (plan_id, code) deferrable initially deferred
);
