import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, STACK_LINE, TempDir } from './cli-harness.ts';

interface Spawned {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/shinchoku.js …` from the repository root, as a user would. */
const shinchoku = (...args: string[]): Promise<Spawned> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['bin/shinchoku.js', ...args],
      { cwd: REPO_ROOT, timeout: 55_000, env: { ...process.env, SHINCHOKU_DEBUG: '' } },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });

const TIMEOUT = 60_000;
const tmp = new TempDir();

beforeAll(() => tmp.open());
afterAll(() => tmp.close());

describe('bin/shinchoku.js', () => {
  it(
    'summary exits 0 and prints the FY2024 totals',
    async () => {
      const r = await shinchoku('summary');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('184件');
      expect(r.stdout).toContain('70.5億円');
      expect(r.stdout).toContain('7,049,270');
    },
    TIMEOUT,
  );

  it(
    'summary --format json writes parseable JSON to stdout',
    async () => {
      const r = await shinchoku('summary', '--format', 'json', '--fy', '令和6年度');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.stdout);
      expect(json.total.amountThousandYen).toBe(7049270);
    },
    TIMEOUT,
  );

  it(
    'check exits 1 on the bundled dataset',
    async () => {
      const r = await shinchoku('check');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('整合性チェック');
      expect(r.stdout).toContain('summary-figure-mismatch');
    },
    TIMEOUT,
  );

  it(
    '--data with a broken file exits 2 with a message and no stack trace',
    async () => {
      const path = await tmp.write('broken.yaml', 'format: shinchoku-plan/1\nmeasures: [1, 2\nfoo: : :\n');
      const r = await shinchoku('summary', '--data', path);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('エラー: データファイル');
      expect(r.stderr).toContain(path);
      expect(r.stderr).not.toMatch(STACK_LINE);
    },
    TIMEOUT,
  );

  it(
    'an invalid dataset exits 2 through evaluate, with the path of the problem',
    async () => {
      const path = await tmp.write('invalid.yaml', 'format: shinchoku-plan/2\n');
      const r = await shinchoku('evaluate', '--data', path);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('format: format は "shinchoku-plan/1" を指定してください');
      expect(r.stderr).toContain('  organisation: 必須の項目がありません');
      expect(r.stderr).not.toMatch(STACK_LINE);
    },
    TIMEOUT,
  );

  it(
    'an unknown option exits 2 in Japanese',
    async () => {
      const r = await shinchoku('summary', '--foo');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('不明なオプションです: --foo');
      expect(r.stderr).not.toMatch(STACK_LINE);
    },
    TIMEOUT,
  );
});
