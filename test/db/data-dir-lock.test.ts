import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../src/db/data-dir-lock.ts';
import { REPO_ROOT } from '../cli/cli-harness.ts';

const exec = promisify(execFile);
const dirs: string[] = [];
const tempDataDir = () => {
  const root = mkdtempSync(join(tmpdir(), 'shinchoku-lock-'));
  dirs.push(root);
  return join(root, 'data');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the embedded database is locked to one process', () => {
  it('a second lock on the same directory is refused with a clear message; releasing frees it', () => {
    const dataDir = tempDataDir();
    const release = lockDataDir(dataDir);
    expect(() => lockDataDir(dataDir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dataDir)).toThrow(/別のプロセス（PID \d+）が使用中/);
    release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    lockDataDir(dataDir)();
  });

  it('a lock left by a process that no longer runs is taken over', () => {
    const dataDir = tempDataDir();
    lockDataDir(dataDir)();
    // pid 2^22 + 1 is above Linux's pid_max default: no such process.
    writeFileSync(`${dataDir}.lock`, String(4_194_305));
    const release = lockDataDir(dataDir);
    release();
  });

  it('a second process gets the message in Japanese and exit code 2, without a stack trace', async () => {
    const dataDir = tempDataDir();
    const release = lockDataDir(dataDir);
    try {
      const child = exec('node', ['bin/shinchoku.js', 'summary'], {
        cwd: REPO_ROOT,
        env: { ...process.env, SHINCHOKU_DATA_DIR: dataDir },
        timeout: 60_000,
      });
      const error = await child.then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(error?.code).toBe(2);
      expect(error?.stderr).toContain('別のプロセス');
      expect(error?.stderr).toContain('DATABASE_URL');
      expect(error?.stderr).not.toMatch(/^\s+at\s/m);
    } finally {
      release();
    }
  });
});
