// The staff side: how fast answers are saved (read-modify-write through the JSON API with If-Match, and the answer
// form), compared in the same run with reading the same value; plus publishing and making the 調査票.
//   npm run bench:staff [-- --write-docs]
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import pino from 'pino';
import { hashPassword } from '../src/auth/password-hash.ts';
import { seedBundledDataset } from '../src/db/bootstrap.ts';
import { pgliteHandle } from '../src/db/connect.ts';
import type { Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { listPlans, loadStoredPlan } from '../src/db/plan-store.ts';
import { insertUser } from '../src/db/repositories/user.repository.ts';
import { createApp } from '../src/http/app.tsx';
import { SiteData } from '../src/http/site-data.ts';
import { SiteSource } from '../src/http/site-source.ts';
import { replaceSection } from './docs-section.ts';

const { values } = parseArgs({ options: { 'write-docs': { type: 'boolean', default: false } } });
const ROUNDS = 200;
const ORIGIN = 'http://localhost';

const pglite = await PGlite.create();
const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
await migrateToLatest(db);
await seedBundledDataset(db);
const stored = (await listPlans(db))[0];
if (stored === undefined) throw new Error('no plan');
const loaded = await loadStoredPlan(db, stored);
if (!loaded.ok) throw new Error('plan does not load');
await insertUser(db, {
  login: 'bench-admin',
  name: '計測',
  role: 'admin',
  departments: [],
  passwordHash: await hashPassword('bench password long enough'),
});
await db.updateTable('users').set({ must_change_password: false }).execute();
// The app works as the server does: on the organisation's scoped handle (row-level security, shinchoku_app).
const appDb = pgliteHandle(pglite, ':memory:').forOrganisation(stored.organisationId);
const source = new SiteSource(new SiteData(loaded.value), { db: appDb, plan: stored });
const app = createApp(source, { staff: { db: appDb, planId: stored.id, logger: pino({ level: 'silent' }) } });

// Sign in once, keep the cookie and the CSRF token.
const login = await app.request(`${ORIGIN}/admin/login`, {
  method: 'POST',
  headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ login: 'bench-admin', password: 'bench password long enough', next: '/admin' }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const page = await (await app.request(`${ORIGIN}/admin/account/password`, { headers: { cookie } })).text();
const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

const path = `${ORIGIN}/api/v1/admin/kpis/open-data-datasets/actuals/2024`;
const rate = (ms: number, n: number) => (n / ms) * 1000;

async function measure(name: string, work: (i: number) => Promise<void>): Promise<number> {
  for (let i = 0; i < 10; i += 1) await work(i); // warm-up
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i += 1) await work(i);
  const perSecond = rate(performance.now() - start, ROUNDS);
  process.stderr.write(`${name}: ${perSecond.toFixed(0)}/s\n`);
  return perSecond;
}

const read = await measure('GET value + ETag', async () => {
  const r = await app.request(path, { headers: { cookie } });
  await r.arrayBuffer();
});
const write = await measure('GET + PUT (If-Match)', async (i) => {
  const current = await app.request(path, { headers: { cookie } });
  await current.arrayBuffer();
  const r = await app.request(path, {
    method: 'PUT',
    headers: {
      cookie,
      'content-type': 'application/json',
      'if-match': current.headers.get('etag') ?? '',
      'x-csrf-token': csrf,
    },
    body: JSON.stringify({ value: String(400 + i), provisional: false, note: null }),
  });
  if (r.status !== 200) throw new Error(`PUT ${r.status}`);
});
const publicAfterWrite = await measure('PUT then public /api/v1/summary (plan reloaded)', async (i) => {
  const current = await app.request(path, { headers: { cookie } });
  await current.arrayBuffer();
  await app.request(path, {
    method: 'PUT',
    headers: {
      cookie,
      'content-type': 'application/json',
      'if-match': current.headers.get('etag') ?? '',
      'x-csrf-token': csrf,
    },
    body: JSON.stringify({ value: String(700 + i), provisional: false, note: null }),
  });
  await (await app.request(`${ORIGIN}/api/v1/summary`)).arrayBuffer();
});

// One campaign: open, collect, survey workbook of one department, publish.
const post = (url: string, fields: Record<string, string>) =>
  app.request(`${ORIGIN}${url}`, {
    method: 'POST',
    headers: { cookie, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, _csrf: csrf }),
  });
await post('/admin/cycles', { fiscal_year: '2024', due_date: '' });
await post('/admin/cycles/2024/state', { to: 'collecting' });
let start = performance.now();
const workbook = await app.request(`${ORIGIN}/admin/cycles/2024/surveys/kikaku-digital/workbook`, {
  headers: { cookie },
});
const workbookBytes = (await workbook.arrayBuffer()).byteLength;
const workbookMs = performance.now() - start;
start = performance.now();
const zip = await app.request(`${ORIGIN}/admin/cycles/2024/surveys.zip`, { headers: { cookie } });
const zipBytes = (await zip.arrayBuffer()).byteLength;
const zipMs = performance.now() - start;
await db.updateTable('department_answers').set({ state: 'approved' }).execute();
await post('/admin/cycles/2024/state', { to: 'reviewing' });
// The confirmation page lists the consistency errors; the publication acknowledges the count it showed.
const confirmation = await (
  await app.request(`${ORIGIN}/admin/cycles/2024/publish`, { headers: { cookie } })
).text();
const errorsShown = /name="errors_shown" value="(\d+)"/.exec(confirmation)?.[1] ?? '0';
start = performance.now();
const published = await post('/admin/cycles/2024/publish', {
  reason: '',
  errors_shown: errorsShown,
  acknowledge: '1',
});
const publishMs = performance.now() - start;
if (published.status !== 303) throw new Error(`publish ${published.status}`);
await db.destroy();

const section = [
  `Latest run: ${new Date().toUTCString()}, \`npm run bench:staff -- --write-docs\` (embedded PGlite, in-process requests, ${ROUNDS} rounds each after a warm-up; argon2 is not in the loop).`,
  '',
  `- Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory, Node ${process.version}.`,
  '',
  '| operation | per second | ratio to the read in the same run |',
  '|---|---:|---:|',
  `| GET a value with its ETag (baseline) | ${read.toFixed(0)} | 1.00 |`,
  `| read-modify-write: GET + PUT with If-Match (one history row each) | ${write.toFixed(0)} | ${(write / read).toFixed(2)} |`,
  `| the same, then the public summary (plan reloaded after each change) | ${publicAfterWrite.toFixed(0)} | ${(publicAfterWrite / read).toFixed(2)} |`,
  '',
  `One department's 調査票: ${Math.round(workbookMs)} ms (${Math.round(workbookBytes / 1024)} KB); all departments as a zip: ${Math.round(zipMs)} ms (${Math.round(zipBytes / 1024)} KB); publishing 令和6年度 (snapshot of the whole plan, changed figures): ${Math.round(publishMs)} ms.`,
].join('\n');
process.stdout.write(`${section}\n`);
if (values['write-docs']) replaceSection('staff', section);
