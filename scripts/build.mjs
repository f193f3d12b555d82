#!/usr/bin/env node
// `npm run build`: compiles src/ to ESM JavaScript in dist/ (tsc -p tsconfig.build.json), copies the files the code
// reads at run time next to its modules (SQL migrations, the site's CSS), removes what no longer has a source, and
// writes dist/.build-stamp, which bin/shinchoku.js compares with the sources to tell when dist/ is out of date.
//
//   node scripts/build.mjs              type-checks while compiling; exits 1 on a type error (the files are still
//                                       written, so the stamp is too)
//   node scripts/build.mjs --no-check   compiles without the type check (`npm start` and the test set-up; the
//                                       typecheck is its own step: npm run typecheck, scripts/test.sh); a syntax
//                                       error is reported but does not fail the build
//   node scripts/build.mjs --if-stale   does nothing when dist/ is newer than every file under src/
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
export const STAMP = join(DIST, '.build-stamp');

/** TypeScript sources become .js (and .js.map) files; everything else under src/ is copied as it is. */
const COMPILED = /\.tsx?$/;
const TEST = /\.test\.tsx?$/;
const COMPILED_OUTPUT = /\.js$/;
/** The worker entry that registers tsx: used only when running from the sources (see sandbox.ts). */
const SOURCE_ONLY = new Set(['io/sandbox/sandbox-worker.mjs']);

const files = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(dir, join(e.parentPath, e.name)))
    : [];

/** The dist/ files the current sources produce. */
function expectedOutputs(sources) {
  const expected = new Set();
  for (const file of sources) {
    if (TEST.test(file) || SOURCE_ONLY.has(file)) continue;
    if (COMPILED.test(file)) {
      const js = file.replace(COMPILED, '.js');
      expected.add(js);
      expected.add(`${js}.map`);
    } else {
      expected.add(file);
    }
  }
  return expected;
}

/** Whether dist/ is missing or older than a file under src/ (bin/shinchoku.js makes the same comparison). */
function stale() {
  if (!existsSync(STAMP) || !existsSync(join(DIST, 'cli/main.js'))) return true;
  const built = statSync(STAMP).mtimeMs;
  return files(SRC).some((f) => statSync(join(SRC, f)).mtimeMs > built);
}

/** One build at a time in this checkout (two test runs starting together): the second waits, then finds it done. */
const LOCK = join(ROOT, '.shinchoku/build.lock');
function withLock(work) {
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock left by a build that was killed: older than any build takes.
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs > 10 * 60_000)
        rmSync(LOCK, { force: true, recursive: true });
      if (Date.now() > deadline) throw new Error(`ビルドのロック（${LOCK}）が解除されません。`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK, { force: true, recursive: true });
  }
}

function compile(check) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const args = [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--pretty', 'false'];
  if (!check) args.push('--noCheck');
  return spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' }).status;
}

export function build({ check = true } = {}) {
  const started = new Date();
  let status = compile(check);
  // An incremental compile does not write again an output someone deleted: start afresh when one is missing.
  const missing = () =>
    [...expectedOutputs(files(SRC))].some((f) => COMPILED_OUTPUT.test(f) && !existsSync(join(DIST, f)));
  if ((status === 0 || status === 2) && missing()) {
    rmSync(join(DIST, '.tsbuildinfo'), { force: true });
    status = compile(check);
  }
  // tsc exits 1 when it wrote nothing, 2 when it reported errors but wrote the files (noEmitOnError: false).
  if (status !== 0 && status !== 2) {
    console.error('ビルドに失敗しました（TypeScript のコンパイルを完了できませんでした）。');
    return 1;
  }
  const sources = files(SRC);
  for (const file of sources) {
    if (COMPILED.test(file) || SOURCE_ONLY.has(file)) continue;
    mkdirSync(dirname(join(DIST, file)), { recursive: true });
    copyFileSync(join(SRC, file), join(DIST, file));
  }
  // A migration or module deleted from src/ must not live on in dist/.
  const expected = expectedOutputs(sources);
  for (const file of files(DIST)) {
    if (file.startsWith('.')) continue;
    if (!expected.has(file)) rmSync(join(DIST, file));
  }
  // The stamp carries the time the build started: a source saved during the build makes dist/ out of date.
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
  if (status === 2) {
    console.error('型エラーがあります（上の一覧）。dist/ は書き出しましたが、修正してから使ってください。');
    return check ? 1 : 0;
  }
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = !process.argv.includes('--no-check');
  const ifStale = process.argv.includes('--if-stale');
  process.exitCode = withLock(() => (ifStale && !stale() ? 0 : build({ check })));
}
