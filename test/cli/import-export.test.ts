import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { listPlans } from '../../src/db/plan-store.ts';
import { saveAnswer } from '../../src/db/repositories/answer.repository.ts';
import { findKpiValue } from '../../src/db/repositories/kpi-value.repository.ts';
import { editCsv, editWorkbook, editZipParts, patchDeclaredSize } from '../fixtures/io/files.ts';
import { runCli, STACK_LINE } from './cli-harness.ts';

const exec = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shinchoku-interchange-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const path = (name: string) => join(dir, name);

async function ok(...args: string[]): Promise<string> {
  const r = await runCli(...args);
  if (r.code !== 0) throw new Error(`${args.join(' ')} → ${r.code}\n${r.err}`);
  return r.out;
}

/** Everything stored, as one string: the plan exported as JSON plus the number of history entries. */
async function fingerprint(): Promise<string> {
  await ok('export', '--format', 'json', '--out', path('fingerprint.json'));
  const handle = await openDatabase(loadConfig().database);
  try {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from history`.execute(handle.db);
    return `${await readFile(path('fingerprint.json'), 'utf8')}\nhistory=${rows[0]?.n}`;
  } finally {
    await handle.close();
  }
}

const folderBytes = async (folder: string) =>
  Object.fromEntries(
    await Promise.all((await readdir(folder)).sort().map(async (f) => [f, await readFile(join(folder, f))])),
  );

describe('export → import → export', () => {
  it('JSON is lossless and byte-stable, and importing it again changes nothing', async () => {
    await ok('export', '--format', 'json', '--out', path('a.json'));
    expect(await ok('import', path('a.json'))).toContain('変更はありません');
    await ok('export', '--format', 'json', '--out', path('b.json'));
    expect(await readFile(path('b.json'))).toEqual(await readFile(path('a.json')));
    // The export is the plan: read directly, it gives the same figures as the database.
    expect((await runCli('summary', '--data', path('a.json'))).out).toBe((await runCli('summary')).out);
  });

  it.each(['utf8bom', 'utf8'])('CSV in %s is byte-stable, as a folder and as a zip', async (encoding) => {
    await ok('export', '--format', 'csv', '--encoding', encoding, '--out', path(`csv-${encoding}`));
    expect(await ok('import', path(`csv-${encoding}`))).toContain('変更はありません');
    await ok('export', '--format', 'csv', '--encoding', encoding, '--out', path(`csv-${encoding}-2`));
    expect(await folderBytes(path(`csv-${encoding}-2`))).toEqual(await folderBytes(path(`csv-${encoding}`)));
    await ok('export', '--format', 'csv', '--encoding', encoding, '--out', path(`${encoding}.zip`));
    expect(await ok('import', path(`${encoding}.zip`))).toContain('変更はありません');
  });

  it('xlsx reads back to the same plan and opens in LibreOffice', async () => {
    await ok('export', '--format', 'xlsx', '--out', path('plan.xlsx'));
    expect(await ok('import', path('plan.xlsx'))).toContain('変更はありません');
    if (!existsSync('/usr/bin/soffice')) return;
    const out = path('lo');
    await exec(
      'soffice',
      [
        '--headless',
        `-env:UserInstallation=file://${path('lo-profile')}`,
        '--convert-to',
        'pdf',
        '--outdir',
        out,
        path('plan.xlsx'),
      ],
      { timeout: 120_000 },
    );
    expect((await readFile(join(out, 'plan.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('Shift_JIS CSV is byte-stable (— is written as the Windows-31J ―)', async () => {
    await ok('export', '--format', 'csv', '--encoding', 'sjis', '--out', path('csv-sjis'));
    const values = await readFile(path('csv-sjis/KPI値.csv'));
    expect(values.includes(Buffer.from([0x81, 0x5c]))).toBe(true);
    await ok('import', path('csv-sjis'));
    await ok('export', '--format', 'csv', '--encoding', 'sjis', '--out', path('csv-sjis-2'));
    // Importing it stored ― for —: those rows moved to a new version, so only 版.csv may differ.
    const { '版.csv': _versions, ...second } = await folderBytes(path('csv-sjis-2'));
    const { '版.csv': _before, ...first } = await folderBytes(path('csv-sjis'));
    expect(second).toEqual(first);
  });
});

describe('bad imports leave the database exactly as it was', () => {
  let before: string;
  let workbook: Buffer;
  beforeAll(async () => {
    await ok('export', '--format', 'xlsx', '--out', path('good.xlsx'));
    await ok('export', '--format', 'csv', '--out', path('good-csv'));
    workbook = await readFile(path('good.xlsx'));
    before = await fingerprint();
  });

  const csvFolder = async (name: string, edit: (files: Map<string, Buffer>) => Map<string, Buffer>) => {
    const folder = path(name);
    const good = await readdir(path('good-csv'));
    const files = edit(
      new Map(
        await Promise.all(good.map(async (f) => [f, await readFile(join(path('good-csv'), f))] as const)),
      ),
    );
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder, { recursive: true });
    for (const [f, bytes] of files) await writeFile(join(folder, f), bytes);
    return folder;
  };

  const cases: [string, () => Promise<string>, RegExp][] = [
    [
      'a truncated xlsx',
      async () => write('truncated.xlsx', workbook.subarray(0, workbook.length / 2)),
      /xlsx|zip|壊れ|読み取れません/,
    ],
    [
      'a text file renamed to .xlsx',
      async () => write('renamed.xlsx', Buffer.from('施策名,担当所属\nただのテキスト\n')),
      /Excel|zip|読み取れません/,
    ],
    [
      'a zip bomb (small file, huge declared sheet)',
      async () => write('bomb.xlsx', patchDeclaredSize(workbook, 'xl/worksheets/sheet2.xml', 0x7fff_0000)),
      /zip爆弾/,
    ],
    [
      'a sheet with a cell at XFD1048576',
      async () =>
        write(
          'far.xlsx',
          await editWorkbook(workbook, (wb) => {
            const s = wb.getWorksheet('転記メモ');
            if (s) s.getCell('XFD1048576').value = 'x';
          }),
        ),
      /XFD1048576/,
    ],
    [
      'a part with a DOCTYPE',
      async () =>
        write(
          'doctype.xlsx',
          await editZipParts(workbook, (parts) => {
            const name = 'xl/sharedStrings.xml';
            const xml = parts.get(name)?.toString('utf8') ?? '<sst/>';
            parts.set(name, Buffer.from(xml.replace('?>', '?><!DOCTYPE x [<!ENTITY a "a">]>')));
          }),
        ),
      /DOCTYPE/,
    ],
    [
      'a CSV with invalid Shift_JIS bytes',
      () =>
        csvFolder('bad-sjis', (files) =>
          files.set(
            '転記メモ.csv',
            Buffer.concat([
              Buffer.from('順序,メモ\r\n1,', 'latin1'),
              Buffer.from([0x85, 0x40]),
              Buffer.from('\r\n'),
            ]),
          ),
        ),
      /Shift_JIS|文字コード/,
    ],
    [
      'a header named __proto__',
      () =>
        csvFolder('proto', (files) =>
          editCsv(files, '所属.csv', (text) => text.replace('課室', '__proto__')),
        ),
      /__proto__/,
    ],
    [
      'a row with an unknown department',
      () =>
        csvFolder('unknown-dept', (files) =>
          editCsv(files, '施策.csv', (text) => text.replace(',kikaku-digital,', ',no-such-division,')),
        ),
      /no-such-division/,
    ],
    [
      'a value abc in a number column',
      () =>
        csvFolder('abc', (files) =>
          editCsv(files, '関連事業.csv', (text) => text.replace(',2022951', ',abc')),
        ),
      /abc/,
    ],
    [
      'a 版.csv with a version abc',
      () =>
        csvFolder('bad-version', (files) =>
          editCsv(files, '版.csv', (text) => text.replace(/,1,(\d{4}-)/, ',abc,$1')),
        ),
      /版\.csv \d+行目 版: 版は1以上の整数で指定してください/,
    ],
  ];

  async function write(name: string, bytes: Buffer): Promise<string> {
    await writeFile(path(name), bytes);
    return path(name);
  }

  it.each(cases)('%s is refused with a located Japanese message', async (_name, build, expected) => {
    const file = await build();
    const r = await runCli('import', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(expected);
    expect(r.err).toContain('データベースは変更していません');
    expect(r.err).not.toMatch(STACK_LINE);
    expect(await fingerprint()).toBe(before);
  });

  it('a duplicate import writes nothing the second time', async () => {
    expect(await ok('import', path('good.xlsx'))).toContain('変更はありません');
    expect(await ok('import', path('good.xlsx'))).toContain('変更はありません');
    expect(await fingerprint()).toBe(before);
  });

  it('a dry run reports a change and writes nothing', async () => {
    const folder = await csvFolder('changed', (files) =>
      editCsv(files, '関連事業.csv', (text) => text.replace(',2022951', ',2022952')),
    );
    const out = await ok('import', folder, '--dry-run');
    expect(out).toContain('試行');
    expect(out).toMatch(/関連事業\s+0\s+1\s+0/);
    expect(await fingerprint()).toBe(before);
  });
});

describe('an earlier export re-imported after a staff save', () => {
  const KPI = 'open-data-datasets';

  /** A staff save through the answer repository, as the form and the write API do: 347 → 350, 見込み set. */
  async function staffSave(value: string): Promise<void> {
    const handle = await openDatabase(loadConfig().database);
    try {
      const [plan] = await listPlans(handle.db);
      const planId = plan?.id ?? 0;
      const current = await findKpiValue(handle.db, { planId, kpi: KPI, kind: 'actual', fiscalYear: 2024 });
      if (current === undefined) throw new Error('no actual');
      const next = {
        value,
        missing: null,
        marker: null,
        percent: false,
        approximate: false,
        provisional: true,
        note: null,
      };
      const actuals = new Map([[KPI, { expectedVersion: current.version, next }]]);
      await saveAnswer(handle.db, planId, 'open-data-miyagi', 2024, { actuals }, 'editor-tanaka', null);
    } finally {
      await handle.close();
    }
  }

  it.each([
    ['xlsx', 'stale.xlsx'],
    ['csv', 'stale.zip'],
    ['json', 'stale.json'],
  ])(
    '%s: refused with the row, file value, value now, who and when; accepted with --overwrite-newer',
    async (format, name) => {
      await ok('export', '--format', format, '--out', path(name));
      await staffSave('350');
      const before = await fingerprint();
      for (const extra of [[], ['--dry-run']]) {
        const r = await runCli('import', path(name), ...extra);
        expect(r.code).toBe(2);
        expect(r.err).toContain('ファイルを書き出した後にデータベースで変更されています');
        expect(r.err).toContain('KPI値 KPI ID open-data-datasets・区分 actual・年度 2024');
        expect(r.err).toContain('値: ファイル 347／現在 350');
        expect(r.err).toContain('見込み: ファイル （空欄）／現在 はい');
        expect(r.err).toMatch(/変更: editor-tanaka（\d{4}-\d\d-\d\d \d\d:\d\d（日本時間）、版\d+）/);
        expect(r.err).toContain('--overwrite-newer');
        expect(r.err).not.toMatch(STACK_LINE);
        expect(await fingerprint()).toBe(before);
      }
      const dry = await ok(
        'import',
        path(name),
        '--overwrite-newer',
        '--dry-run',
        '--actor',
        `cli:sato-${format}`,
      );
      const real = await ok('import', path(name), '--overwrite-newer', '--actor', `cli:sato-${format}`);
      expect(real).toContain('1 行を上書きしました');
      expect(real).toMatch(/KPI値\s+0\s+1\s+0/);
      // The dry run's summary is the real one, word for word, but for the words saying nothing was written.
      expect(
        dry.replace('（試行: 何も書き込んでいません）', '').replace('上書きします', '上書きしました'),
      ).toBe(real);
      const handle = await openDatabase(loadConfig().database);
      try {
        const entries = await handle.db
          .selectFrom('history')
          .select(['column_name', 'old_value', 'new_value', 'actor'])
          .where('actor', '=', `cli:sato-${format}`)
          .where(sql<boolean>`row_key->>'kpi' = ${KPI}`)
          .orderBy('id')
          .execute();
        expect(entries.map((e) => [e.column_name, e.old_value, e.new_value])).toEqual([
          ['value', '350', '347'],
          ['provisional', 'true', null],
          [
            'overwrote_newer_version',
            expect.stringContaining('editor-tanaka'),
            expect.stringMatching(/^書き出した時点の版\d+のファイルで上書き$/),
          ],
        ]);
      } finally {
        await handle.close();
      }
    },
  );

  it('db seed does not put the bundled values back over a staff save', async () => {
    await staffSave('351');
    const before = await fingerprint();
    const r = await runCli('db', 'seed');
    expect(r.code).toBe(2);
    expect(r.err).toContain('同梱データを登録し直しません');
    expect(r.err).toContain('値: ファイル 347／現在 351');
    expect(r.err).not.toMatch(STACK_LINE);
    expect(await fingerprint()).toBe(before);
  });
});
