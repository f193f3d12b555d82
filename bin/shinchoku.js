#!/usr/bin/env node
// Runs the compiled CLI (dist/cli/main.js, written by `npm run build`). In a checkout with the sources, a dist/ that
// is missing or older than a file under src/ is refused with a message saying to build: running yesterday's code
// without a word would be worse than stopping. SHINCHOKU_BUILD_CHECK=skip runs dist/ as it is (the test set-up
// builds once, then runs that build whatever is saved under src/ meanwhile).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const main = join(root, 'dist/cli/main.js');
const stamp = join(root, 'dist/.build-stamp');
const src = join(root, 'src');

/** The newest modification time of a file under src/, or 0 when there are no sources (an installed package). */
function newestSource() {
  if (!existsSync(src)) return 0;
  let newest = 0;
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const time = statSync(join(entry.parentPath, entry.name)).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

function buildProblem() {
  if (!existsSync(main) || !existsSync(stamp)) return 'ビルドされたプログラム（dist/）がありません。';
  if (process.env.SHINCHOKU_BUILD_CHECK === 'skip') return undefined;
  if (newestSource() > statSync(stamp).mtimeMs)
    return 'ビルドされたプログラム（dist/）がソース（src/）より古くなっています。';
  return undefined;
}

// Exit code 2, like every command that cannot run (1 would read as "check found errors").
const problem = buildProblem();
if (problem !== undefined) {
  process.stderr.write(`エラー: ${problem}\n先に npm run build を実行してください（${root} で）。\n`);
  process.exit(2);
}

// A reader that stops early (`shinchoku evaluate | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const { run } = await import(pathToFileURL(main).href);
process.exitCode = await run(process.argv.slice(2));
