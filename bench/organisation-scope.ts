// What row-level security costs per statement: the same queries through the owner's handle and through an
// organisation's scoped handle (every statement in a transaction that switches to shinchoku_app and sets the
// organisation, db/organisation-scope.ts), measured in the same run on the embedded database and, with
// DATABASE_URL, on a PostgreSQL server. The database holds two organisations with the same plan, so the policy
// filters half the rows.
//   npm run bench:scope [-- --write-docs]
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { parse } from 'yaml';
import { seedBundledDataset } from '../src/db/bootstrap.ts';
import { type DatabaseHandle, pgliteHandle, postgresHandle } from '../src/db/connect.ts';
import type { Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { listPlans, loadStoredPlan, savePlan } from '../src/db/plan-store.ts';
import { loadPlan } from '../src/domain/plan/load.ts';
import { BUNDLED_DATASET } from '../src/io/dataset/read-dataset.ts';
import { replaceSection } from './docs-section.ts';

const { values } = parseArgs({ options: { 'write-docs': { type: 'boolean', default: false } } });
const ROUNDS = 300;

async function prepare(handle: DatabaseHandle): Promise<number> {
  await migrateToLatest(handle.db);
  await seedBundledDataset(handle.db);
  const document = parse(readFileSync(BUNDLED_DATASET, 'utf8')) as Record<string, unknown>;
  document.organisation = { code: '043028', name: '七ヶ宿町' };
  const town = loadPlan(document);
  if (!town.ok) throw new Error(JSON.stringify(town.error.slice(0, 3)));
  await savePlan(handle.db, town.value, { actor: 'bench' });
  const miyagi = (await listPlans(handle.db))[0];
  if (miyagi === undefined) throw new Error('no plan');
  return miyagi.organisationId;
}

async function median(run: (i: number) => Promise<unknown>, rounds = ROUNDS): Promise<number> {
  for (let i = 0; i < 20; i += 1) await run(i);
  const times: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const start = performance.now();
    await run(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

interface Row {
  readonly what: string;
  readonly owner: number;
  readonly scoped: number;
}

async function measure(handle: DatabaseHandle, organisationId: number): Promise<Row[]> {
  const scoped = handle.forOrganisation(organisationId);
  const stored = (await listPlans(handle.db))[0];
  if (stored === undefined) throw new Error('no plan');
  // The owner sees both organisations: it filters by organisation as the application would have to without RLS.
  const one = (db: Kysely<Database>) =>
    db
      .selectFrom('kpi_values')
      .select(['kpi', 'value'])
      .where('organisation_id', '=', organisationId)
      .where('kpi', '=', 'open-data-datasets')
      .execute();
  const count = (db: Kysely<Database>) =>
    sql`select count(*) from kpi_values where organisation_id = ${organisationId}`.execute(db);
  const rows: Row[] = [];
  rows.push({
    what: 'one KPI’s values (single statement)',
    owner: await median(() => one(handle.db)),
    scoped: await median(() => one(scoped)),
  });
  rows.push({
    what: 'count of the KPI values (single statement)',
    owner: await median(() => count(handle.db)),
    scoped: await median(() => count(scoped)),
  });
  rows.push({
    what: 'read the whole plan back (loadStoredPlan, 20 tables)',
    owner: await median(() => loadStoredPlan(handle.db, stored), 30),
    scoped: await median(() => loadStoredPlan(scoped, stored), 30),
  });
  return rows;
}

const results: { target: string; rows: Row[] }[] = [];
{
  const handle = pgliteHandle(await PGlite.create(), ':memory:');
  const organisation = await prepare(handle);
  results.push({ target: 'embedded PGlite', rows: await measure(handle, organisation) });
  await handle.close();
}
const url = process.env.DATABASE_URL;
if (url !== undefined) {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const handle = postgresHandle(url, {
    searchPath: schema,
    location: schema,
    beforeClose: async (db) => {
      await sql.raw(`drop schema ${schema} cascade`).execute(db);
    },
  });
  const organisation = await prepare(handle);
  results.push({ target: 'PostgreSQL server (127.0.0.1, TCP)', rows: await measure(handle, organisation) });
  await handle.close();
}

const lines = [
  `Latest run: ${new Date().toUTCString()}, \`npm run bench:scope -- --write-docs\` on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, load average ${loadavg()[0]?.toFixed(2)} at the end. Median of ${ROUNDS} rounds (30 for the whole plan) after a warm-up; two organisations with the same plan in the database.`,
  '',
  '| database | what | owner (ms) | organisation’s scoped handle (ms) | ratio |',
  '|---|---|---:|---:|---:|',
  ...results.flatMap(({ target, rows }) =>
    rows.map(
      (r) =>
        `| ${target} | ${r.what} | ${r.owner.toFixed(3)} | ${r.scoped.toFixed(3)} | ${(r.scoped / r.owner).toFixed(2)} |`,
    ),
  ),
];
const section = lines.join('\n');
console.log(section);
if (values['write-docs']) replaceSection('scope', section);
