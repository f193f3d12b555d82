-- Row-level security for a server whose owner role is not a superuser (a managed PostgreSQL: the owner is an
-- ordinary role there). A superuser passes every policy; an ordinary owner is bound by FORCE ROW LEVEL SECURITY, and
-- the service's own commands — migrations, seeding, `shinchoku organisation list`, listing the plans the server
-- serves — would then see no organisation's rows at all.
--
-- The rule, the same for both kinds of owner: a transaction that acts for an organisation (shinchoku.organisation_id
-- set) sees that organisation's rows only, whoever runs it; with no organisation set, the tables' owner — the role
-- running the service's own commands — sees every organisation, and any other role (the application's role
-- shinchoku_app) none. The owner's policy names the owner alone (TO), so the application role's only policy stays
-- the plain organisation_id = … that an index on (organisation_id, …) answers.
do $$
declare
  t text;
begin
  for t in
    select tablename from pg_policies where schemaname = current_schema() and policyname = 'organisation_rows'
  loop
    execute format(
      'create policy service_rows on %I to %I using (shinchoku_organisation() is null) '
      'with check (shinchoku_organisation() is null)', t, current_user);
  end loop;
end $$;
