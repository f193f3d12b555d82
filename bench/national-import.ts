// National import benchmark: 47 prefectures + 1,741 municipalities, each with one synthetic plan, imported with
// savePlan and compared with the server's own COPY of the same rows. See docs/benchmarks.md.
//   npm run bench [-- --scale 0.05] [-- --write-docs]
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { postgresKysely } from '../src/db/connect.ts';
import type { Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { loadStoredPlan, savePlan } from '../src/db/plan-store.ts';
import { loadPlan } from '../src/domain/plan/load.ts';
import type { Plan } from '../src/domain/plan/model.ts';
import { planToTables } from '../src/domain/tables/to-tables.ts';
import { CsvTables, copyFiles, removeCsvDir } from './copy-baseline.ts';
import { nationalOrganisations, sample } from './organisations.ts';
import { planDocument, REPORT_YEAR } from './plan-document.ts';
import { medianOf, nationalTotals, prefectureTotals } from './queries.ts';
import { type BenchResult, printSummary, writeDocs } from './report.ts';

const { values } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, 'write-docs': { type: 'boolean', default: false } },
});
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be a fraction in (0, 1], e.g. 0.05');
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (text: string) => process.stderr.write(`${text}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Cleanup steps run in reverse order, once, on success, failure or Ctrl-C. */
const cleanups: (() => Promise<void> | void)[] = [];
let cleaning: Promise<void> | undefined;
const cleanUp = (): Promise<void> =>
  (cleaning ??= (async () => {
    for (let step = cleanups.pop(); step !== undefined; step = cleanups.pop()) {
      try {
        await step();
      } catch (e) {
        log(`cleanup failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh migrated schema of its own, dropped at the end. */
async function freshSchema(name: string): Promise<Kysely<Database>> {
  await admin(`create schema ${name}`);
  cleanups.push(() => admin(`drop schema if exists ${name} cascade`));
  const db = postgresKysely(url, { searchPath: name, max: 2 });
  cleanups.push(() => db.destroy());
  await migrateToLatest(db);
  return db;
}

/** Generates and validates every plan (untimed work), laying the same rows out as CSV for the baseline. */
function generate() {
  const { prefectures, municipalities } = nationalOrganisations();
  const organisations = [...sample(prefectures, scale), ...sample(municipalities, scale)];
  const plans: Plan[] = [];
  const csv = new CsvTables();
  const expected = { projects: 0, amount: 0 };
  organisations.forEach((org, i) => {
    const loaded = loadPlan(planDocument(org));
    if (!loaded.ok)
      throw new Error(`${org.code}: ${loaded.error.map((e) => `${e.path} ${e.message}`).join('; ')}`);
    plans.push(loaded.value);
    csv.add(i + 1, planToTables(loaded.value.document));
    for (const p of loaded.value.document.projects.filter((x) => x.fiscalYear === REPORT_YEAR)) {
      expected.projects += p.count;
      expected.amount += p.amountThousandYen;
    }
  });
  const prefectureCount = organisations.filter((o) => o.kind === 'prefecture').length;
  return { plans, csv, expected, prefectureCount };
}

async function importAll(db: Kysely<Database>, plans: readonly Plan[]) {
  const perPlan: number[] = [];
  const started = performance.now();
  for (const [i, plan] of plans.entries()) {
    const t = performance.now();
    await savePlan(db, plan, { actor: 'bench' });
    perPlan.push(performance.now() - t);
    if ((i + 1) % Math.max(1, Math.round(plans.length / 10)) === 0) {
      log(`  import ${i + 1}/${plans.length} ${seconds(performance.now() - started)}`);
    }
  }
  const ms = performance.now() - started;
  perPlan.sort((a, b) => a - b);
  const at = (q: number) => perPlan[Math.min(perPlan.length - 1, Math.floor(perPlan.length * q))] ?? 0;
  return { ms, perPlanMedianMs: at(0.5), perPlanP95Ms: at(0.95) };
}

const countRows = async (db: Kysely<Database>, table: string): Promise<number> =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)).rows[0]?.n,
  );

async function main(): Promise<void> {
  const loadStart = loadavg();
  log(`generating (scale ${scale}) …`);
  let t = performance.now();
  const { plans, csv, expected, prefectureCount } = generate();
  const generateMs = performance.now() - t;
  const counts = csv.counts();
  const totalRows = [...counts.values()].reduce((a, b) => a + b, 0);
  log(`  ${plans.length} plans, ${totalRows} rows in ${seconds(generateMs)}`);

  const suffix = randomBytes(4).toString('hex');
  const imported = await freshSchema(`bench_${suffix}`);
  log('importing with savePlan …');
  const importing = await importAll(imported, plans);
  const historyRows = await countRows(imported, 'history');

  log('COPY baseline …');
  t = performance.now();
  const { dir, files } = csv.write();
  cleanups.push(() => removeCsvDir(dir));
  const csvMs = performance.now() - t;
  const copied = await freshSchema(`bench_${suffix}_copy`);
  const { ms: copyMs, commitMs } = await copyFiles(copied, files);
  for (const table of counts.keys()) {
    const [a, b] = [await countRows(imported, table), await countRows(copied, table)];
    if (a !== counts.get(table) || b !== a)
      throw new Error(`${table}: import ${a}, COPY ${b}, expected ${counts.get(table)}`);
  }

  log('roll-up and read-back …');
  await sql`analyze project_totals, plans, organisations`.execute(imported);
  const national = await medianOf(5, () => nationalTotals(imported));
  const perPrefecture = await medianOf(5, () => prefectureTotals(imported));
  const fy = national.result.find((r) => r.fiscal_year === REPORT_YEAR);
  if (fy?.projects !== expected.projects || fy.amount !== expected.amount) {
    throw new Error(
      `FY${REPORT_YEAR} totals ${JSON.stringify(fy)} differ from the generated ${JSON.stringify(expected)}`,
    );
  }
  const first = plans.find((p) => p.document.organisation.code === '040002') ?? plans[0];
  if (first === undefined) throw new Error('no plans');
  const stored = await imported
    .selectFrom('plans')
    .innerJoin('organisations', 'organisations.id', 'plans.organisation_id')
    .select([
      'plans.id',
      'plans.organisation_id',
      'organisations.code',
      'organisations.name',
      'plans.name as planName',
    ])
    .where('organisations.code', '=', first.document.organisation.code)
    .executeTakeFirstOrThrow();
  const readBack = await medianOf(5, () =>
    loadStoredPlan(imported, {
      id: stored.id,
      organisationId: stored.organisation_id,
      organisationCode: stored.code,
      organisationName: stored.name,
      code: first.document.plan.id,
      name: stored.planName,
      reportFiscalYear: REPORT_YEAR,
    }),
  );
  const roundTrip =
    readBack.result.ok &&
    isDeepStrictEqual(planToTables(readBack.result.value.document), planToTables(first.document));

  const { rows } = await sql<{ version: string }>`select version()`.execute(imported);
  const result: BenchResult = {
    command: `npm run bench:import${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    scale,
    machine: {
      cpu: cpus()[0]?.model ?? '(unknown)',
      cores: cpus().length,
      memoryGiB: totalmem() / 2 ** 30,
      node: process.version,
      postgres: rows[0]?.version ?? '(unknown)',
      loadStart,
      loadEnd: loadavg(),
    },
    dataset: {
      organisations: plans.length,
      prefectures: prefectureCount,
      rows: [...counts].filter(([, n]) => n > 0),
      totalRows,
      historyRows,
    },
    generateMs,
    importing,
    copying: { csvMs, copyMs, commitMs },
    rollup: {
      nationalMs: national.ms,
      prefectureMs: perPrefecture.ms,
      prefectureRows: perPrefecture.result.length,
      reportYear: fy,
    },
    readBack: { ms: readBack.ms, organisation: `${stored.name} ${stored.code}`, roundTrip },
  };
  printSummary(result);
  if (values['write-docs']) writeDocs(result);
}

try {
  await main();
} finally {
  await cleanUp();
}
