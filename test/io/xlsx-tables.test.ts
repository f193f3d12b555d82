import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../src/domain/tables/definitions.ts';
import { readTablesXlsx } from '../../src/io/xlsx/xlsx-read.ts';
import { writeTablesXlsx } from '../../src/io/xlsx/xlsx-write.ts';
import { editWorkbook, issuesOf, sampleXlsx, unwrap } from '../fixtures/io/files.ts';
import { sampleTables } from '../fixtures/io/sample-tables.ts';

let book: Buffer;
let workbook: ExcelJS.Workbook;

beforeAll(async () => {
  book = await sampleXlsx();
  workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(book as unknown as ExcelJS.Buffer);
});

const sheet = (name: string): ExcelJS.Worksheet => {
  const found = workbook.getWorksheet(name);
  if (found === undefined) throw new Error(`no sheet ${name}`);
  return found;
};

describe('writeTablesXlsx → readTablesXlsx', () => {
  it('round-trips every table', async () => {
    expect(unwrap(await readTablesXlsx(book))).toEqual(sampleTables());
  });

  it('writes 「説明」 first, then a sheet per table named after its title', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['説明', ...TABLES.map((t) => t.title)]);
    const description = sheet('説明');
    const texts = description.getSheetValues().flat().map(String);
    expect(texts.some((t) => t.includes('CC BY 4.0'))).toBe(true);
    expect(texts).toContain('KPI値');
    expect(texts).toContain('年度（和暦）');
  });

  it('puts a bold, frozen, filtered Japanese header on row 1, with sensible widths and no merges', () => {
    const values = sheet('関連事業');
    expect(values.getRow(1).values).toEqual([
      undefined,
      '目標コード',
      '年度',
      '年度（和暦）',
      '事業数',
      '決算額（千円）',
    ]);
    expect(values.getRow(1).font?.bold).toBe(true);
    expect(values.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(values.autoFilter).toBeTruthy();
    for (const column of values.columns) expect(column.width).toBeGreaterThanOrEqual(8);
    for (const s of workbook.worksheets) expect(s.model.merges).toEqual([]);
  });

  it('writes numbers as numbers (a negative decimal too, its scale in the format), booleans as booleans, 和暦 beside the year', () => {
    const values = sheet('KPI値');
    expect(values.getRow(1).getCell(6).value).toBe('値');
    expect(values.getCell('F3').value).toBe(-2.7);
    expect(values.getCell('F3').numFmt).toBe('0.00');
    expect(values.getCell('C3').value).toBe(2024);
    expect(values.getCell('D3').value).toBe('令和6年度');
    expect(values.getCell('I3').value).toBe(true);
    expect(sheet('公表概要').getCell('I2').value).toBe(-8.2);
  });

  it('neutralises formula-like text in cells (safe even after a user saves the sheet as CSV)', () => {
    expect(sheet('評価ルール').getCell('B3').value).toBe("'=SUM(1)");
    expect(sheet('主要取組').getCell('E2').value).toBe("'-x");
    expect(sheet('主要取組の詳細').getCell('E2').value).toBe("'@a");
    expect(sheet('施策').getCell('F2').value).toBe("'\tx");
    for (const s of workbook.worksheets) {
      s.eachRow((row) => {
        row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
      });
    }
  });

  it('refuses tables whose cells do not fit their columns, naming sheet, row, column and letter', async () => {
    const tables = sampleTables();
    tables.project_totals = [{ goal: 'citizen', fiscal_year: 2024, count: 'many', amount_thousand_yen: 1 }];
    expect(issuesOf(await writeTablesXlsx(tables))).toEqual([
      expect.objectContaining({ file: '関連事業', row: 2, column: '事業数（D列）' }),
    ]);
  });
});

describe('readTablesXlsx: what staff do to a workbook', () => {
  it('reads numbers typed into text, dates typed into time points, and rich text', async () => {
    const edited = await editWorkbook(book, (wb) => {
      const values = wb.getWorksheet('KPI値');
      if (values === undefined) throw new Error('no sheet');
      values.getCell('E2').value = new Date(Date.UTC(2024, 5, 14)); // 時点
      values.getCell('F2').value = { richText: [{ text: '33' }, { text: '5' }] }; // 値
      values.getCell('G2').value = 'gone'; // 欠測理由: not one of its values
      values.getCell('A2').value = { text: 'digital-id-app', hyperlink: 'https://example.jp/' };
      const notes = wb.getWorksheet('転記メモ');
      if (notes === undefined) throw new Error('no sheet');
      notes.getCell('B2').value = 123;
      const plan = wb.getWorksheet('主要取組');
      if (plan === undefined) throw new Error('no sheet');
      plan.getCell('G2').value = new Date(Date.UTC(2025, 1, 1));
      plan.getCell('G2').numFmt = 'yyyy"年"m"月"';
    });
    const issues = await readTablesXlsx(edited);
    expect(issuesOf(issues)).toEqual([
      expect.objectContaining({
        file: 'KPI値',
        row: 2,
        column: '欠測理由（G列）',
        message: expect.stringContaining('使えません'),
      }),
    ]);
    const fixed = await editWorkbook(edited, (wb) => {
      const values = wb.getWorksheet('KPI値');
      if (values !== undefined) values.getCell('G2').value = null;
    });
    const read = unwrap(await readTablesXlsx(fixed));
    expect(read.kpi_values[0]).toMatchObject({ kpi: 'digital-id-app', as_of: '2024-06-14', value: '335' });
    expect(read.transcription_notes[0]?.text).toBe('123');
    expect(read.initiatives[0]?.date).toBe('2025-02');
  });

  it('refuses a formula, naming sheet, row and column', async () => {
    const edited = await editWorkbook(book, (wb) => {
      const totals = wb.getWorksheet('関連事業');
      if (totals !== undefined) totals.getCell('D2').value = { formula: '60+1', result: 61 };
    });
    expect(issuesOf(await readTablesXlsx(edited))).toEqual([
      {
        file: '関連事業',
        row: 2,
        column: '事業数（D列）',
        message: expect.stringContaining('数式は使えません'),
      },
    ]);
  });

  it('reads the constant formulas TRUE() and FALSE() (how LibreOffice saves booleans) as booleans', async () => {
    const edited = await editWorkbook(book, (wb) => {
      const kpis = wb.getWorksheet('KPI');
      if (kpis !== undefined) kpis.getCell('E2').value = { formula: 'FALSE()', result: false };
    });
    expect(unwrap(await readTablesXlsx(edited)).kpis[0]?.cumulative).toBe(false);
    const calculated = await editWorkbook(book, (wb) => {
      const kpis = wb.getWorksheet('KPI');
      if (kpis !== undefined) kpis.getCell('E2').value = { formula: '1=1', result: true };
    });
    expect(issuesOf(await readTablesXlsx(calculated))[0]?.message).toContain('数式は使えません');
  });

  it('refuses abc in an integer column and an error value', async () => {
    const edited = await editWorkbook(book, (wb) => {
      const totals = wb.getWorksheet('関連事業');
      if (totals === undefined) return;
      totals.getCell('D2').value = 'abc';
      totals.getCell('E2').value = { error: '#DIV/0!' };
    });
    expect(issuesOf(await readTablesXlsx(edited))).toEqual([
      { file: '関連事業', row: 2, column: '事業数（D列）', message: '「abc」は整数として読み取れません。' },
      {
        file: '関連事業',
        row: 2,
        column: '決算額（千円）（E列）',
        message: 'エラー値（#DIV/0!）は使えません。',
      },
    ]);
  });

  it('reports a missing sheet, an unknown sheet, a missing column and merged cells', async () => {
    const edited = await editWorkbook(book, (wb) => {
      const values = wb.getWorksheet('KPI値');
      if (values !== undefined) wb.removeWorksheet(values.id);
      wb.addWorksheet('メモ').getCell('A1').value = 'x';
      wb.getWorksheet('関連事業')?.spliceColumns(4, 1);
      wb.getWorksheet('目標')?.mergeCells('A2:B2');
    });
    const issues = issuesOf(await readTablesXlsx(edited, '提出.xlsx'));
    expect(issues).toEqual(
      expect.arrayContaining([
        { file: '提出.xlsx', message: '表「KPI値」のシート「KPI値」がありません。' },
        expect.objectContaining({ file: 'メモ', message: expect.stringContaining('不明なシート') }),
        { file: '関連事業', row: 1, message: '列「事業数」がありません（1行目の見出しに必要です）。' },
        expect.objectContaining({
          file: '目標',
          row: 2,
          column: 'A列',
          message: expect.stringContaining('結合'),
        }),
      ]),
    );
    expect(issues).toHaveLength(4);
  });

  it('treats a __proto__ header as unknown without prototype pollution', async () => {
    const edited = await editWorkbook(book, (wb) => {
      const notes = wb.getWorksheet('転記メモ');
      if (notes === undefined) return;
      notes.getCell('C1').value = '__proto__';
      notes.getCell('C2').value = 'polluted';
    });
    expect(issuesOf(await readTablesXlsx(edited))).toEqual([
      expect.objectContaining({ file: '転記メモ', row: 1, column: '__proto__（C列）' }),
    ]);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
