import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import type { CliIo } from '../../src/cli/io.ts';
import { run } from '../../src/cli/main.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUNDLED = join(REPO_ROOT, 'data/miyagi-fy2024.yaml');
export const CLEAN_FIXTURE = join(REPO_ROOT, 'test/fixtures/clean-plan.yaml');

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs the CLI in-process (the TypeScript sources) with an io that collects everything written to stdout and stderr;
 * `spawnCli` runs the compiled CLI instead.
 */
export async function runCli(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text) };
  const code = await run(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

export interface Spawned {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node bin/shinchoku.js …` as a process of its own, as a user would: the compiled CLI in dist/ (built by
 * test/support/global-setup.ts). `env` is added to the test's environment; a value `undefined` removes a variable.
 */
export const spawnCli = (
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<Spawned> =>
  new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, SHINCHOKU_DEBUG: '', ...options.env };
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
    const cwd = options.cwd ?? REPO_ROOT;
    execFile(
      process.execPath,
      [join(cwd, 'bin/shinchoku.js'), ...args],
      { cwd, timeout: 55_000, env },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });

/** Runs a command with `--format json` and parses stdout. */
export async function runJson<T = unknown>(
  ...args: string[]
): Promise<{ code: number; json: T; err: string }> {
  const r = await runCli(...args, '--format', 'json');
  return { code: r.code, json: JSON.parse(r.out) as T, err: r.err };
}

/** A stack trace line as Node prints it (`    at fn (file:line:col)`). */
export const STACK_LINE = /^\s+at\s/m;

/** Japanese text: hiragana, katakana or kanji. */
export const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** A temporary directory for dataset files written by a test file. */
export class TempDir {
  private dir: string | undefined;

  async open(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'shinchoku-cli-'));
  }

  async close(): Promise<void> {
    if (this.dir !== undefined) await rm(this.dir, { recursive: true, force: true });
  }

  path(name: string): string {
    if (this.dir === undefined) throw new Error('TempDir.open() was not called');
    return join(this.dir, name);
  }

  async write(name: string, text: string): Promise<string> {
    const path = this.path(name);
    await writeFile(path, text, 'utf8');
    return path;
  }

  /** Loads the bundled dataset, lets `mutate` change it, and writes the result as YAML. */
  async writeMutated(name: string, mutate: (doc: Dataset) => void): Promise<string> {
    const doc = await loadBundled();
    mutate(doc);
    return this.write(name, stringify(doc));
  }
}

/** The dataset as plain parsed YAML (loosely typed on purpose: tests write invalid values into it). */
// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary (also invalid) values into the parsed YAML
export type Dataset = any;

export async function loadBundled(): Promise<Dataset> {
  return parse(await readFile(BUNDLED, 'utf8'));
}
