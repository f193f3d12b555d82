// `shinchoku import` of each hostile workbook, run as a user would (node bin/shinchoku.js, a process of its own):
// exit 2 with a Japanese message naming the limit, the database byte-for-byte unchanged, and the process's peak
// RSS (GNU time's %M: the kernel's getrusage of the child, worker threads included) under 512 MB.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { backupDatabase } from '../../src/db/backup.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { TABLES } from '../../src/domain/tables/definitions.ts';
import { sheetName } from '../../src/io/xlsx/xlsx-names.ts';
import { HOSTILE_CASES } from '../fixtures/hostile/hostile-files.ts';
import { JAPANESE, REPO_ROOT, runCli, STACK_LINE, TempDir } from './cli-harness.ts';

/** GNU time (Debian package `time`): measures the child's peak RSS from the kernel, not by sampling. */
const GNU_TIME = '/usr/bin/time';
const MAX_RSS_KB = 512 * 1024;

interface Measured {
  readonly code: number;
  readonly stderr: string;
  readonly maxRssKb: number;
}

const importMeasured = (file: string): Promise<Measured> =>
  new Promise((resolve, reject) => {
    execFile(
      GNU_TIME,
      ['-f', 'maxrss-kb=%M', process.execPath, 'bin/shinchoku.js', 'import', file],
      { cwd: REPO_ROOT, timeout: 110_000, env: { ...process.env, SHINCHOKU_DEBUG: '' } },
      (error, _stdout, stderr) => {
        const rss = /maxrss-kb=(\d+)\s*$/.exec(stderr);
        if (rss === null || (error !== null && typeof error.code !== 'number')) {
          reject(error ?? new Error(`no RSS in: ${stderr}`));
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stderr, maxRssKb: Number(rss[1]) });
      },
    );
  });

/** Everything stored (plans, history, accounts, campaigns), as the backup's JSON. */
async function stored(): Promise<string> {
  const handle = await openDatabase(loadConfig().database);
  try {
    return gunzipSync(await backupDatabase(handle.db)).toString('utf8');
  } finally {
    await handle.close();
  }
}

const tmp = new TempDir();
let base: Buffer;
let before: string;

beforeAll(async () => {
  if (!existsSync(GNU_TIME))
    throw new Error('GNU time is not installed: apt-get install time (scripts/test.sh does)');
  await tmp.open();
  const exported = await runCli('export', '--format', 'xlsx', '--out', tmp.path('plan.xlsx'));
  expect(exported.code).toBe(0);
  base = await readFile(tmp.path('plan.xlsx'));
  before = await stored();
});
afterAll(() => tmp.close());

describe('shinchoku import refuses each hostile workbook', () => {
  const first = TABLES[0];
  if (first === undefined) throw new Error('no tables');
  const target = { sheet: sheetName(first), cell: 'B2' };

  it.each(HOSTILE_CASES)(
    '$id: exit 2, a Japanese message naming the limit, nothing stored, peak RSS under 512 MB',
    async (hostile) => {
      const file = tmp.path(`${hostile.id}.xlsx`);
      await writeFile(file, await hostile.build(base, target));
      const run = await importMeasured(file);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('データベースは変更していません');
      expect(run.stderr).toMatch(hostile.refusal);
      expect(run.stderr).toMatch(JAPANESE);
      expect(run.stderr).not.toMatch(STACK_LINE);
      expect(run.maxRssKb).toBeLessThan(MAX_RSS_KB);
      expect(await stored()).toBe(before);
    },
    120_000,
  );
});
