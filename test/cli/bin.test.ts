import { cpSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, STACK_LINE, spawnCli, TempDir } from './cli-harness.ts';

/** Runs `node bin/shinchoku.js …` from the repository root: the compiled CLI the test set-up built. */
const shinchoku = (...args: string[]) => spawnCli(args);

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

/**
 * A checkout of its own in a temporary directory: the real bin/shinchoku.js, sources (src/) and a build (dist/) as
 * each test arranges them, the project's node_modules linked in.
 */
class Checkout {
  constructor(readonly root: string) {
    mkdirSync(join(root, 'bin'), { recursive: true });
    cpSync(join(REPO_ROOT, 'bin/shinchoku.js'), join(root, 'bin/shinchoku.js'));
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  }

  /** A source file written at `time`. */
  source(time: Date): void {
    mkdirSync(join(this.root, 'src'), { recursive: true });
    writeFileSync(join(this.root, 'src/config.ts'), 'export {};\n');
    utimesSync(join(this.root, 'src/config.ts'), time, time);
  }

  /** A build stamped at `time` whose CLI prints its arguments and exits 3. */
  build(time: Date): void {
    mkdirSync(join(this.root, 'dist/cli'), { recursive: true });
    writeFileSync(
      join(this.root, 'dist/cli/main.js'),
      "export async function run(args) { process.stdout.write('compiled: ' + args.join(' ') + '\\n'); return 3; }\n",
    );
    writeFileSync(join(this.root, 'dist/.build-stamp'), `${time.toISOString()}\n`);
    utimesSync(join(this.root, 'dist/.build-stamp'), time, time);
  }

  run(args: readonly string[], env: Record<string, string | undefined> = {}) {
    return spawnCli(args, { cwd: this.root, env: { SHINCHOKU_BUILD_CHECK: undefined, ...env } });
  }
}

const EARLIER = new Date('2026-01-01T00:00:00Z');
const LATER = new Date('2026-01-02T00:00:00Z');
let checkouts = 0;
const checkout = () => new Checkout(tmp.path(`checkout-${++checkouts}`));

describe('bin/shinchoku.js runs the build in dist/', () => {
  it(
    'runs dist/cli/main.js with the arguments and exits with its code when the build is newer than the sources',
    async () => {
      const c = checkout();
      c.source(EARLIER);
      c.build(LATER);
      const r = await c.run(['summary', '--fy', 'R6']);
      expect(r).toEqual({ code: 3, stdout: 'compiled: summary --fy R6\n', stderr: '' });
    },
    TIMEOUT,
  );

  it(
    'without a build, says in Japanese to run npm run build and exits 2, with no stack trace',
    async () => {
      const c = checkout();
      c.source(EARLIER);
      const r = await c.run(['summary']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('エラー: ビルドされたプログラム（dist/）がありません。');
      expect(r.stderr).toContain('npm run build');
      expect(r.stderr).not.toMatch(STACK_LINE);
    },
    TIMEOUT,
  );

  it(
    'with a source saved after the build, says the build is out of date and exits 2',
    async () => {
      const c = checkout();
      c.build(EARLIER);
      c.source(LATER);
      const r = await c.run(['summary']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('ソース（src/）より古くなっています');
      expect(r.stderr).toContain('npm run build');
    },
    TIMEOUT,
  );

  it(
    'SHINCHOKU_BUILD_CHECK=skip runs an out-of-date build as it is, but not a missing one',
    async () => {
      const stale = checkout();
      stale.build(EARLIER);
      stale.source(LATER);
      expect((await stale.run(['check'], { SHINCHOKU_BUILD_CHECK: 'skip' })).stdout).toBe(
        'compiled: check\n',
      );
      const missing = checkout();
      missing.source(EARLIER);
      const r = await missing.run(['check'], { SHINCHOKU_BUILD_CHECK: 'skip' });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('npm run build');
    },
    TIMEOUT,
  );

  it(
    'an installed copy without src/ runs its build with no comparison',
    async () => {
      const c = checkout();
      c.build(EARLIER);
      expect(await c.run(['validate'])).toEqual({ code: 3, stdout: 'compiled: validate\n', stderr: '' });
    },
    TIMEOUT,
  );
});

const COMMAND_NAMES = [
  'summary',
  'evaluate',
  'check',
  'validate',
  'serve',
  'import',
  'export',
  'db',
  'report',
  'user',
];

describe('commands load their modules only when they run or show their help', () => {
  /** The real build, with every command's module replaced by one that fails as soon as it is loaded. */
  const withoutCommandModules = () => {
    const c = checkout();
    cpSync(join(REPO_ROOT, 'dist'), join(c.root, 'dist'), { recursive: true });
    for (const name of [
      'summary',
      'evaluate',
      'check',
      'validate',
      'serve',
      'import',
      'export',
      'db',
      'report',
    ]) {
      writeFileSync(
        join(c.root, `dist/cli/commands/${name}.command.js`),
        `throw new Error('${name}.command.js was loaded');\n`,
      );
    }
    writeFileSync(
      join(c.root, 'dist/cli/commands/user.command.js'),
      "throw new Error('user.command.js was loaded');\n",
    );
    return c;
  };

  it(
    '--help lists every command with its description without loading any of them',
    async () => {
      const c = withoutCommandModules();
      const r = await c.run(['--help']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^ {2}summary +関連事業の事業数・決算額（目標別・合計）と前年度比を表示する$/m,
      );
      expect(r.stdout).toMatch(/^ {2}db +データベースの作成・初期データ・バックアップと復元$/m);
      for (const name of COMMAND_NAMES) {
        expect(r.stdout).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
      }
    },
    TIMEOUT,
  );

  it(
    'a command that runs, or whose help is asked for, is loaded',
    async () => {
      const c = withoutCommandModules();
      for (const args of [['summary'], ['help', 'report'], ['db', '--help']]) {
        const r = await c.run(args);
        const name = args.find((a) => a !== 'help' && !a.startsWith('-'));
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`${name}.command.js was loaded`);
      }
    },
    TIMEOUT,
  );
});
