-- Organisations as tenants. Every table holding an organisation's data carries organisation_id; its primary, unique
-- and foreign keys begin with it, so that one organisation's rows stay together (the layout a distributed PostgreSQL
-- such as Citus shards on) and no key can point from one organisation into another. Row-level security binds every
-- role but the superuser: the application works as the role shinchoku_app (no BYPASSRLS) with the organisation set
-- for the transaction (set_config('shinchoku.organisation_id', …, true)); FORCE binds the tables' owner too.
-- organisations (the list of governments on this service) and login_throttle (keys by login and address, no data of
-- an organisation) are shared tables.

-- The organisation a transaction acts for; null when none is set (then a policy matches no row).
create function shinchoku_organisation() returns bigint language sql stable as $$
  select nullif(current_setting('shinchoku.organisation_id', true), '')::bigint
$$;

-- What a row written without organisation_id belongs to: the transaction's organisation, else — for the server's own
-- commands, which run as the owner — the default organisation (the first one created on this service).
create function shinchoku_write_organisation() returns bigint language sql stable as $$
  select coalesce(shinchoku_organisation(), (select min(id) from organisations))
$$;

-- Which organisation on this service a government is (registry data: kind, prefecture, reading).
alter table organisations
  add column kind text check (kind in ('prefecture', 'designated-city', 'city', 'special-ward', 'town', 'village')),
  add column prefecture_code text check (prefecture_code ~ '^[0-9]{6}$'),
  add column reading text;

-- 1. The column, filled from what each row already belongs to.
do $$
declare
  t text;
  plan_tables text[] := array[
    'rules', 'departments', 'goals', 'guidelines', 'kpis', 'headline_kpis', 'headline_published_values',
    'initiatives', 'initiative_details', 'initiative_figures', 'measures', 'joint_measures', 'measure_kpis',
    'kpi_values', 'analyses', 'published_labels', 'project_totals', 'published_summaries', 'transcription_notes',
    'measure_goals', 'reporting_cycles', 'publications'];
begin
  foreach t in array plan_tables loop
    execute format('alter table %I add column organisation_id bigint', t);
    execute format('update %I x set organisation_id = p.organisation_id from plans p where p.id = x.plan_id', t);
  end loop;
  alter table department_answers add column organisation_id bigint;
  update department_answers a set organisation_id = c.organisation_id from reporting_cycles c where c.id = a.cycle_id;
  alter table history add column organisation_id bigint;
  update history h set organisation_id = p.organisation_id from plans p where p.id = h.plan_id;
  -- Accounts and history of account changes belonged to the one organisation the service held.
  alter table users add column organisation_id bigint;
  update users set organisation_id = (select min(id) from organisations);
  update history set organisation_id = (select min(id) from organisations) where organisation_id is null;
  alter table user_departments add column organisation_id bigint;
  update user_departments d set organisation_id = u.organisation_id from users u where u.id = d.user_id;
  alter table sessions add column organisation_id bigint;
  update sessions s set organisation_id = u.organisation_id from users u where u.id = s.user_id;
  if exists (select from users where organisation_id is null)
     or exists (select from history where organisation_id is null) then
    raise exception 'アカウントまたは変更履歴がありますが、団体が登録されていません。先に計画を取り込んでから移行してください。';
  end if;
end $$;

-- 2. Keys: every primary, unique and foreign key of a tenant table, rewritten to begin with organisation_id.
do $$
declare
  r record;
  tenant_tables text[] := array[
    'plans', 'rules', 'departments', 'goals', 'guidelines', 'kpis', 'headline_kpis', 'headline_published_values',
    'initiatives', 'initiative_details', 'initiative_figures', 'measures', 'joint_measures', 'measure_kpis',
    'kpi_values', 'analyses', 'published_labels', 'project_totals', 'published_summaries', 'transcription_notes',
    'measure_goals', 'reporting_cycles', 'department_answers', 'publications', 'history', 'users',
    'user_departments', 'sessions'];
  t text;
  saved text[][] := '{}';
  definition text;
begin
  foreach t in array tenant_tables loop
    execute format('alter table %I alter column organisation_id set not null', t);
    if t <> 'plans' then
      execute format('alter table %I alter column organisation_id set default shinchoku_write_organisation()', t);
    end if;
  end loop;
  -- Foreign keys first (they depend on the unique keys), remembered with their definitions.
  for r in
    select c.conrelid::regclass::text as tab, c.conname, c.contype, pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    where c.connamespace = current_schema()::regnamespace and c.contype in ('f', 'p', 'u')
      and c.conrelid::regclass::text = any (tenant_tables)
    order by case c.contype when 'f' then 0 else 1 end
  loop
    -- plans → organisations already begins with organisation_id, as does plans' (organisation_id, code).
    continue when r.def ~ '^(FOREIGN KEY|UNIQUE|PRIMARY KEY) \(organisation_id[,)]';
    execute format('alter table %I drop constraint %I', r.tab, r.conname);
    saved := saved || array[[r.tab, r.def]];
  end loop;
  -- Primary and unique keys back, then foreign keys, each with organisation_id in front.
  for i in reverse coalesce(array_length(saved, 1), 0) .. 1 loop
    definition := regexp_replace(saved[i][2], '^((PRIMARY KEY|UNIQUE( NULLS NOT DISTINCT)?|FOREIGN KEY) \()',
                                 '\1organisation_id, ');
    definition := regexp_replace(definition, '( REFERENCES [a-z_]+\()', '\1organisation_id, ');
    execute format('alter table %I add %s', saved[i][1], definition);
  end loop;
end $$;

drop index history_plan_changed_at;
create index history_plan_changed_at on history (organisation_id, plan_id, changed_at);
drop index sessions_user;
create index sessions_user on sessions (organisation_id, user_id);

-- 3. Row-level security on every tenant table, forced so that the owner is bound too.
do $$
declare
  t text;
begin
  foreach t in array array[
    'plans', 'rules', 'departments', 'goals', 'guidelines', 'kpis', 'headline_kpis', 'headline_published_values',
    'initiatives', 'initiative_details', 'initiative_figures', 'measures', 'joint_measures', 'measure_kpis',
    'kpi_values', 'analyses', 'published_labels', 'project_totals', 'published_summaries', 'transcription_notes',
    'measure_goals', 'reporting_cycles', 'department_answers', 'publications', 'history', 'users',
    'user_departments', 'sessions']
  loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy organisation_rows on %I using (organisation_id = shinchoku_organisation()) '
      'with check (organisation_id = shinchoku_organisation())', t);
  end loop;
end $$;

-- 4. The application's role: no login of its own (a server's login role or the embedded database's user switches to
-- it per transaction), no superuser, no BYPASSRLS. Roles belong to the whole server; several schemas share it.
do $$
begin
  if not exists (select from pg_roles where rolname = 'shinchoku_app') then
    begin
      create role shinchoku_app nologin nosuperuser nobypassrls nocreatedb nocreaterole;
    exception when duplicate_object or unique_violation then
      null; -- created meanwhile by another schema's migration
    end;
  end if;
  if not (select rolsuper from pg_roles where rolname = current_user)
     and not pg_has_role(current_user, 'shinchoku_app', 'MEMBER') then
    execute format('grant shinchoku_app to %I', current_user);
  end if;
end $$;

do $$
declare
  s text := current_schema();
begin
  execute format('grant usage on schema %I to shinchoku_app', s);
  execute format('grant select, insert, update, delete on all tables in schema %I to shinchoku_app', s);
  execute format('grant usage, select on all sequences in schema %I to shinchoku_app', s);
  -- History is appended to and read, never rewritten; the organisations on this service are the operator's to change.
  execute format('revoke update, delete, truncate on %I.history from shinchoku_app', s);
  execute format('revoke insert, update, delete, truncate on %I.organisations from shinchoku_app', s);
  execute format('revoke insert, update, delete, truncate on %I.publications from shinchoku_app', s);
  execute format('grant insert on %I.publications to shinchoku_app', s);
  -- Tables of later migrations get the same rights.
  execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to shinchoku_app', s);
  execute format('alter default privileges in schema %I grant usage, select on sequences to shinchoku_app', s);
end $$;
