// The staff app on 127.0.0.1 in a process of its own (started with `fork`), so a test can measure the memory of
// the server alone while it sends it a large body. Answers IPC messages: 'memory' → the process's resident set
// now and at its peak (VmRSS / VmHWM from /proc), 'reset-peak' → starts the peak anew (clear_refs), 'digest' → a
// hash of every stored row (sessions and login throttling aside), 'stop' → closes the server and the database.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { serveApp } from '../../src/http/server.ts';
import { DATABASE_TARGETS } from './databases.ts';
import { openStaffApp } from './staff-app.ts';

export interface ServerMemory {
  readonly rssKb: number;
  readonly peakKb: number;
}

export type ServerMessage =
  | { readonly kind: 'listening'; readonly url: string }
  | { readonly kind: 'memory'; readonly memory: ServerMemory }
  | { readonly kind: 'digest'; readonly digest: string };

const kilobytes = (status: string, field: string) =>
  Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);

function memory(): ServerMemory {
  const status = readFileSync('/proc/self/status', 'utf8');
  return { rssKb: kilobytes(status, 'VmRSS'), peakKb: kilobytes(status, 'VmHWM') };
}

const send = (message: ServerMessage) => process.send?.(message);

const rowText = (row: unknown) =>
  JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Every table but sessions and login_throttle (touched by signing in), hashed. */
async function digest(): Promise<string> {
  const { db } = harness.handle;
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  const hash = createHash('sha256');
  for (const { name } of tables) {
    if (name === 'sessions' || name === 'login_throttle') continue;
    const { rows } = await sql`select * from ${sql.table(name)}`.execute(db);
    hash.update(`${name}\n${rows.map(rowText).sort().join('\n')}\n`);
  }
  return hash.digest('hex');
}

const pglite = DATABASE_TARGETS.find((t) => t.name === 'pglite');
if (pglite === undefined) throw new Error('no PGlite target');
const harness = await openStaffApp(pglite);
const server = await serveApp(harness.app, 0);

process.on('message', (message: unknown) => {
  if (message === 'reset-peak') {
    // Writing 5 resets VmHWM to the current RSS (Linux ≥ 4.0).
    writeFileSync('/proc/self/clear_refs', '5');
    send({ kind: 'memory', memory: memory() });
  } else if (message === 'memory') {
    send({ kind: 'memory', memory: memory() });
  } else if (message === 'digest') {
    void digest().then((value) => send({ kind: 'digest', digest: value }));
  } else if (message === 'stop') {
    void server
      .stop()
      .then(() => harness.close())
      .then(() => process.exit(0));
  }
});
send({ kind: 'listening', url: server.url });
