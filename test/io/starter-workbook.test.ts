import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/domain/plan/load.ts';
import { type Cell, TABLES } from '../../src/domain/tables/definitions.ts';
import { tablesToDocument } from '../../src/domain/tables/from-tables.ts';
import { STARTER_EXAMPLE } from '../../src/io/xlsx/starter-guide.ts';
import { writeStarterWorkbook } from '../../src/io/xlsx/starter-workbook.ts';
import { readTablesXlsx, readWorkbookFile } from '../../src/io/xlsx/xlsx-read.ts';
import { editWorkbook, issuesOf, unwrap } from '../fixtures/io/files.ts';

const TOWN = {
  organisationCode: '999999',
  organisationName: '架空町',
  planName: '架空町DX推進計画',
  periodFrom: 2025,
  periodTo: 2027,
};

/** Rows typed under the headers of a sheet, by header text, from row 2 down (as a person fills the sheet). */
type Typed = Readonly<Record<string, readonly Readonly<Record<string, Cell>>[]>>;

async function typeInto(book: Buffer, typed: Typed): Promise<Buffer> {
  return editWorkbook(book, (workbook) => {
    for (const [sheetName, rows] of Object.entries(typed)) {
      const sheet = workbook.getWorksheet(sheetName);
      if (sheet === undefined) throw new Error(`no sheet ${sheetName}`);
      const headers = (sheet.getRow(1).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
      rows.forEach((row, index) => {
        for (const [header, value] of Object.entries(row)) {
          const column = headers.indexOf(header);
          if (column < 1) throw new Error(`no header ${header} on ${sheetName}`);
          sheet.getRow(index + 2).getCell(column).value = value;
        }
      });
    }
  });
}

const no = 'いいえ';
const value = (kpi: string, kind: string, year: Cell, v: Cell, extra: Record<string, Cell> = {}) => ({
  'KPI ID': kpi,
  区分: kind,
  年度: year,
  値: v,
  '%表記': no,
  概数: no,
  ...extra,
});

// 2 goals, 3 departments, 4 measures, 5 KPIs: each with a baseline, a target for each year of R7–R9 and an actual.
const FILLED: Typed = {
  計画: [
    {
      計画ID: 'kakuu-dx',
      基本目標: 'デジタルで暮らしやすい町',
      報告年度: 'R7', // 和暦 typed into a fiscal-year column
      報告書名: '架空町DX推進計画 令和7年度 進捗報告',
      報告年度の実績は見込み: no,
    },
  ],
  目標: [
    { 目標コード: 'g-01', 順序: 1, 種別: 'priority', 番号: 1, 目標名: '町民サービスの向上' },
    { 目標コード: 'g-02', 順序: 2, 種別: 'priority', 番号: 2, 目標名: '行政事務の効率化' },
  ],
  所属: [
    { 所属コード: 'soumu', 部局: '総務課', 課室: '情報係' },
    { 所属コード: 'kikaku', 部局: '企画課', 課室: '企画係' },
    { 所属コード: 'fukushi', 部局: '福祉課', 課室: '福祉係' },
  ],
  施策: [
    { 施策ID: 'm-01', 順序: 1, 目標コード: 'g-01', 施策名: '電子申請の推進', 所属コード: 'kikaku' },
    { 施策ID: 'm-02', 順序: 2, 目標コード: 'g-01', 施策名: '窓口のキャッシュレス化', 所属コード: 'fukushi' },
    { 施策ID: 'm-03', 順序: 3, 目標コード: 'g-02', 施策名: 'テレワークの推進', 所属コード: 'soumu' },
    { 施策ID: 'm-04', 順序: 4, 目標コード: 'g-02', 施策名: 'ペーパーレス会議', 所属コード: 'soumu' },
  ],
  KPI: [
    { 'KPI ID': 'k-01', 項目: '電子申請できる手続数', 単位: '手続', 方向: 'increase', 累計: no },
    { 'KPI ID': 'k-02', 項目: 'キャッシュレス対応窓口数', 単位: '窓口', 方向: 'increase', 累計: no },
    { 'KPI ID': 'k-03', 項目: 'テレワーク実施職員数', 単位: '人', 方向: 'increase', 累計: 'はい' },
    { 'KPI ID': 'k-04', 項目: '紙の使用枚数', 単位: '千枚', 方向: 'decrease', 累計: no },
    { 'KPI ID': 'k-05', 項目: '会議資料の電子化率', 単位: '%', 方向: 'increase', 累計: no },
  ],
  施策KPI: [
    { 施策ID: 'm-01', 順序: 1, 'KPI ID': 'k-01' },
    { 施策ID: 'm-02', 順序: 1, 'KPI ID': 'k-02' },
    { 施策ID: 'm-03', 順序: 1, 'KPI ID': 'k-03' },
    { 施策ID: 'm-04', 順序: 1, 'KPI ID': 'k-04' },
    { 施策ID: 'm-04', 順序: 2, 'KPI ID': 'k-05' },
  ],
  KPI値: [
    value('k-01', 'baseline', null, 20, { 時点: 'R7.3' }),
    value('k-01', 'target', 2025, 30),
    value('k-01', 'target', 2026, 40),
    value('k-01', 'target', 2027, 50),
    value('k-01', 'actual', 2025, 35),
    value('k-02', 'baseline', null, 1, { 時点: '2024年度' }),
    value('k-02', 'target', 2025, 2),
    value('k-02', 'target', '令和8年度', null, { 相対目標: 'exceed-previous-year' }),
    value('k-02', 'target', 2027, 5),
    value('k-02', 'actual', 2025, 2),
    value('k-03', 'baseline', null, 0, { 時点: '2024年度' }),
    value('k-03', 'target', 2025, 30),
    value('k-03', 'target', 2026, 60),
    value('k-03', 'target', 2027, 100),
    value('k-03', 'actual', 2025, 25),
    value('k-04', 'baseline', null, 800, { 時点: '2024年度' }),
    value('k-04', 'target', 2025, 700),
    value('k-04', 'target', 2026, 600),
    value('k-04', 'target', 2027, 500),
    value('k-04', 'actual', 2025, 650),
    value('k-05', 'baseline', null, 12.5, { 時点: '2024年度' }),
    value('k-05', 'target', 2025, 30),
    value('k-05', 'target', 2026, 60),
    value('k-05', 'target', 2027, 90),
    value('k-05', 'actual', 2025, 41.5),
  ],
};

let blank: Buffer;
let town: Buffer;
let workbook: ExcelJS.Workbook;

beforeAll(async () => {
  blank = await writeStarterWorkbook();
  town = await writeStarterWorkbook(TOWN);
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(town as unknown as ExcelJS.Buffer);
});

describe('the blank starter workbook', () => {
  it('has 「はじめに」 first, then 「説明」 and every table sheet with the export headers, frozen', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'はじめに',
      '説明',
      ...TABLES.map((t) => t.title),
    ]);
    expect(workbook.getWorksheet('はじめに')?.getCell('A1').value).toBe('Shinchoku 計画の入力用ひな形');
    const measures = workbook.getWorksheet('施策');
    expect(measures?.getRow(1).values).toEqual([
      undefined,
      '施策ID',
      '順序',
      '目標コード',
      '施策名',
      '所属コード',
      '備考',
    ]);
    expect(measures?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(measures?.rowCount).toBe(1);
  });

  it('without options: reads as tables with no rows at all; the plan then lacks its 計画 row', async () => {
    const tables = unwrap(await readTablesXlsx(blank));
    for (const def of TABLES) expect(tables[def.name]).toEqual([]);
    const document = tablesToDocument(tables);
    expect(document.ok).toBe(false);
    if (!document.ok)
      expect(document.error).toEqual([
        { table: 'plan', row: 0, message: '「計画」の表に行がありません（1行必要です）' },
      ]);
  });

  it('with options: the 計画 row holds them, and the reader names the required cells still blank', async () => {
    const plan = workbook.getWorksheet('計画');
    expect(plan?.getCell('A2').value).toBe('999999');
    expect(plan?.getCell('B2').value).toBe('架空町');
    expect(plan?.getCell('D2').value).toBe('架空町DX推進計画');
    expect(plan?.getCell('E2').value).toBe(2025);
    expect(plan?.getCell('F2').value).toBe('令和7年度');
    expect(plan?.getCell('G2').value).toBe(2027);
    const required = '必須の列です。値を入力してください。';
    expect(issuesOf(await readWorkbookFile(town))).toEqual(
      [
        '計画ID（C列）',
        '基本目標（I列）',
        '報告年度（L列）',
        '報告書名（N列）',
        '報告年度の実績は見込み（O列）',
      ].map((column) => ({ file: '計画', row: 2, column, message: required })),
    );
  });

  it('neutralises a plan name that looks like a formula, and reads it back as typed', async () => {
    const book = await writeStarterWorkbook({ ...TOWN, planName: '=計画' });
    const filled = await typeInto(book, { 計画: FILLED.計画 ?? [] });
    expect(unwrap(await readTablesXlsx(filled)).plan[0]?.name).toBe('=計画');
  });
});

describe('filled in as a person would', () => {
  it('reads as a valid plan with the typed tables', async () => {
    const tables = unwrap(await readTablesXlsx(await typeInto(town, FILLED)));
    expect(tables.goals).toHaveLength(2);
    expect(tables.departments).toHaveLength(3);
    expect(tables.measures).toHaveLength(4);
    expect(tables.kpis).toHaveLength(5);
    expect(tables.measure_kpis).toHaveLength(5);
    expect(tables.kpi_values).toHaveLength(25);
    expect(tables.plan).toEqual([
      {
        organisation_code: '999999',
        organisation_name: '架空町',
        plan_id: 'kakuu-dx',
        name: '架空町DX推進計画',
        period_from: 2025,
        period_to: 2027,
        basic_goal: 'デジタルで暮らしやすい町',
        slogan: null,
        subtitle: null,
        report_fiscal_year: 2025,
        report_title: '架空町DX推進計画 令和7年度 進捗報告',
        actuals_provisional: false,
      },
    ]);
    expect(tables.measures[0]).toMatchObject({ id: 'm-01', goal: 'g-01', department: 'kikaku' });
    expect(tables.kpi_values[0]).toMatchObject({
      kpi: 'k-01',
      kind: 'baseline',
      as_of: '2025-03',
      value: '20',
    });
    expect(tables.kpi_values[7]).toMatchObject({
      fiscal_year: 2026,
      value: null,
      relative: 'exceed-previous-year',
    });
    expect(tables.kpis[2]).toMatchObject({ id: 'k-03', cumulative: true });

    const document = tablesToDocument(tables);
    if (!document.ok) throw new Error(JSON.stringify(document.error));
    const loaded = loadPlan(document.value);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const plan = loaded.value;
    expect(plan.reportYear).toBe(2025);
    expect([...plan.goals.keys()]).toEqual(['g-01', 'g-02']);
    expect([...plan.departments.keys()]).toEqual(['soumu', 'kikaku', 'fukushi']);
    expect(plan.measures.get('m-01')?.department).toBe('kikaku');
    expect(plan.kpiMeasures.get('k-05')?.map((m) => m.id)).toEqual(['m-04']);
    const k01 = plan.kpis.get('k-01');
    // R7.3 is March 2025, in fiscal year 2024 (the year before the period: allowed for a baseline).
    expect(k01?.baseline?.asOf).toEqual({ kind: 'month', year: 2025, month: 3, fiscalYear: 2024 });
    expect(k01?.targets.map((t) => t.fiscalYear)).toEqual([2025, 2026, 2027]);
    expect(k01?.actuals.map((a) => a.fiscalYear)).toEqual([2025]);
    expect(plan.kpis.get('k-04')?.direction).toBe('decrease');
  });

  it('the worked example on 「はじめに」, typed into the sheets, is a valid plan too', async () => {
    const typed = Object.fromEntries(
      Object.entries(STARTER_EXAMPLE).map(([table, rows]) => {
        const def = TABLES.find((t) => t.name === table);
        if (def === undefined) throw new Error(table);
        const header = (key: string) => def.columns.find((c) => c.key === key)?.header ?? key;
        const byHeader = (row: Record<string, Cell>) =>
          Object.fromEntries(Object.entries(row).map(([k, v]) => [header(k), v]));
        return [def.title, (rows ?? []).map(byHeader)];
      }),
    );
    const tables = unwrap(await readTablesXlsx(await typeInto(blank, typed)));
    const document = tablesToDocument(tables);
    if (!document.ok) throw new Error(JSON.stringify(document.error));
    expect(loadPlan(document.value).ok).toBe(true);
  });

  it('refuses a goal kind outside the list, naming sheet, row and column', async () => {
    const filled = await typeInto(town, { ...FILLED, 目標: [{ ...FILLED.目標?.[0], 種別: '重点目標' }] });
    expect(issuesOf(await readTablesXlsx(filled))).toEqual([
      {
        file: '目標',
        row: 2,
        column: '種別（D列）',
        message: '「重点目標」は使えません。使える値: priority、foundation、area',
      },
    ]);
  });
});

describe('drop-downs', () => {
  const validation = (sheet: string, cell: string) =>
    workbook.getWorksheet(sheet)?.getCell(cell).dataValidation;

  it.each([
    ['目標', 'B2', "'目標'!$A$2:$A$500"], // 上位の目標コード
    ['目標', 'D500', '"priority,foundation,area"'],
    ['施策', 'C2', "'目標'!$A$2:$A$500"],
    ['施策', 'E2', "'所属'!$A$2:$A$500"],
    ['共同施策', 'A2', "'施策'!$A$2:$A$500"],
    ['KPI', 'D2', '"increase,decrease"'],
    ['KPI', 'E2', '"はい,いいえ"'],
    ['施策KPI', 'A2', "'施策'!$A$2:$A$500"],
    ['施策KPI', 'C2', "'KPI'!$A$2:$A$500"],
    ['KPI値', 'A2', "'KPI'!$A$2:$A$500"],
    ['KPI値', 'B2', '"baseline,target,actual"'],
    ['KPI値', 'G2', '"no-value,not-measured,not-yet-known"'], // after 年度（和暦）in D
    ['KPI値', 'L2', '"exceed-previous-year"'],
    ['KPI値', 'M2', '"はい,いいえ"'], // 見込み
    ['関連事業', 'A2', "'目標'!$A$2:$A$500"],
    ['計画', 'O2', '"はい,いいえ"'],
  ])('%s!%s lists %s, with a Japanese input and error message', (sheet, cell, formula) => {
    const v = validation(sheet, cell);
    expect(v).toMatchObject({ type: 'list', allowBlank: true, formulae: [formula] });
    expect(v?.prompt).toMatch(/[ぁ-んァ-ン]/);
    expect(v?.error).toMatch(/[ぁ-んァ-ン]/);
    expect(v?.showErrorMessage).toBe(true);
  });

  it('explains English values in Japanese, and stops at row 500', () => {
    expect(validation('KPI', 'D2')?.prompt).toContain('increase＝増加が良い');
    expect(validation('KPI値', 'B2')?.prompt).toContain('baseline＝基準値');
    expect(validation('KPI', 'D501')).toBeUndefined();
  });

  it('puts none on the columns typed freely (a table’s own code, names, years, values)', () => {
    for (const cell of ['A2', 'B2', 'D2']) expect(validation('施策', cell)).toBeUndefined();
    for (const cell of ['C2', 'E2', 'F2']) expect(validation('KPI値', cell)).toBeUndefined();
    expect(validation('目標', 'A2')).toBeUndefined();
  });
});

const office = ['/usr/bin/soffice'].find((path) => existsSync(path));

/** Converts the workbook with LibreOffice into a temporary folder and runs `check` on the output folder and its files. */
async function convertWithOffice(
  book: Buffer,
  filter: string,
  check: (out: string, files: string[]) => Promise<void>,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'shinchoku-starter-'));
  try {
    await writeFile(join(dir, 'starter.xlsx'), book);
    const result = spawnSync(
      office ?? 'soffice',
      ['--headless', '--convert-to', filter, '--outdir', join(dir, 'out'), join(dir, 'starter.xlsx')],
      { env: { ...process.env, HOME: dir }, timeout: 120_000 },
    );
    expect(result.status).toBe(0);
    await check(join(dir, 'out'), await readdir(join(dir, 'out')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('in LibreOffice', () => {
  it.skipIf(office === undefined)(
    'opens it: the first sheet converted to CSV starts with the title of 「はじめに」 (skipped without /usr/bin/soffice)',
    async () => {
      // UTF-8 (76), first sheet only (last field 1).
      const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,1';
      await convertWithOffice(town, filter, async (out, files) => {
        expect(files).toEqual(['starter-はじめに.csv']);
        const text = await readFile(join(out, 'starter-はじめに.csv'), 'utf8');
        expect(text.split('\n')[0]?.replace(/,+$/, '')).toBe('Shinchoku 計画の入力用ひな形');
      });
    },
    180_000,
  );

  it.skipIf(office === undefined)(
    'saved again by LibreOffice as xlsx, keeps the drop-downs and reads as before (skipped without /usr/bin/soffice)',
    async () => {
      await convertWithOffice(town, 'xlsx:Calc MS Excel 2007 XML', async (out) => {
        const resaved = await readFile(join(out, 'starter.xlsx'));
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(resaved as unknown as ExcelJS.Buffer);
        // LibreOffice drops the quotes around a sheet name that needs none.
        expect(book.getWorksheet('施策')?.getCell('E2').dataValidation?.formulae?.[0]).toBe(
          '所属!$A$2:$A$500',
        );
        expect(book.getWorksheet('KPI')?.getCell('D2').dataValidation?.formulae?.[0]).toBe(
          '"increase,decrease"',
        );
        expect(issuesOf(await readWorkbookFile(resaved))).toEqual(issuesOf(await readWorkbookFile(town)));
      });
    },
    180_000,
  );
});
