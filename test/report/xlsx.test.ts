import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluatePlan } from '../../src/domain/evaluation/plan-evaluation.ts';
import { buildReport, type ReportModel } from '../../src/domain/report/report-model.ts';
import {
  AMOUNT_FORMAT,
  DIFFERENCE_FORMAT,
  KPI_DATA_SHEET,
  renderReportXlsx,
} from '../../src/io/xlsx-report/report-xlsx.ts';
import { seedPlan } from '../support/plans.ts';

const OUTPUT_DIR = join(process.cwd(), 'test-output', 'report');
const AI_IOT = 'AI・IoT産業創出・活用促進支援事業(先進的デジタル産業振興支援事業)';
const FORMULA = '=HYPERLINK("http://example.com","x")';

const office = spawnSync('which', ['soffice']).status === 0 ? 'soffice' : undefined;

function seedModel(): ReportModel {
  const plan = seedPlan();
  return buildReport(plan, evaluatePlan(plan, 2024));
}

async function readBook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  return book;
}

function cells(sheet: ExcelJS.Worksheet): ExcelJS.Cell[] {
  const out: ExcelJS.Cell[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      out.push(cell);
    });
  });
  return out;
}

const allCells = (book: ExcelJS.Workbook): ExcelJS.Cell[] => book.worksheets.flatMap(cells);

/** A copy of the model with one row's analysis replaced. */
function withAnalysis(model: ReportModel, measureName: string, analysis: string): ReportModel {
  return {
    ...model,
    kpiTables: model.kpiTables.map((table) => ({
      ...table,
      groups: table.groups.map((group) => ({
        ...group,
        rows: group.rows.map((row) => (row.measureNames[0] === measureName ? { ...row, analysis } : row)),
      })),
    })),
  };
}

describe('renderReportXlsx', () => {
  let buffer: Buffer;
  let book: ExcelJS.Workbook;
  let xlsxPath: string;

  beforeAll(async () => {
    buffer = await renderReportXlsx(seedModel());
    await mkdir(OUTPUT_DIR, { recursive: true });
    xlsxPath = join(OUTPUT_DIR, 'report-fy2024.xlsx');
    await writeFile(xlsxPath, buffer);
    book = await readBook(buffer);
  });

  it('has a summary sheet, one 帳票 sheet per KPI table and the plain data sheets', () => {
    const names = book.worksheets.map((w) => w.name);
    expect(names[0]).toBe('帳票_概要');
    expect(names).toContain('表1 D for Citizen');
    expect(names).toContain('表2 D for Local 地域の課題解決と活力の創出');
    expect(names).toContain(KPI_DATA_SHEET);
    for (const name of names) expect(Array.from(name).length).toBeLessThanOrEqual(31);
  });

  it('writes the totals as numbers with the amount formats', () => {
    const summary = book.getWorksheet('帳票_概要') as ExcelJS.Worksheet;
    const values = cells(summary);
    const projects = values.find((c) => c.value === 184);
    const amount = values.find((c) => c.value === 7049270);
    const oku = values.find((c) => c.value === 70.5);
    expect(projects?.type).toBe(ExcelJS.ValueType.Number);
    expect(amount?.type).toBe(ExcelJS.ValueType.Number);
    expect(amount?.numFmt).toBe(AMOUNT_FORMAT);
    expect(oku?.type).toBe(ExcelJS.ValueType.Number);
    expect(values.find((c) => c.value === 817018)?.numFmt).toBe(DIFFERENCE_FORMAT);
    expect(values.some((c) => c.value === '※端数処理の関係で合計が一致しない場合があります')).toBe(true);
  });

  it('lays out the KPI table with the seed header, the ai-iot-industry row and wrapped multi-KPI cells', () => {
    const sheet = book.getWorksheet('表2 D for Local 地域の課題解決と活力の創出') as ExcelJS.Worksheet;
    const all = cells(sheet);
    expect(all.some((c) => c.value === 'R6年度 68事業実施 決算額2,893,353千円')).toBe(true);
    const header = all.find((c) => c.value === '施策名');
    expect(header).toBeDefined();
    const headerRow = sheet.getRow(Number(header?.row));
    expect(headerRow.getCell(7).value).toBe('進捗状況に係る要因分析等');
    const name = all.find((c) => c.value === AI_IOT) as ExcelJS.Cell;
    const row = sheet.getRow(Number(name.row));
    expect(String(row.getCell(7).value)).toMatch(/^【一部達成】/);
    expect(String(row.getCell(3).value)).toContain('\n');
    expect(row.getCell(3).alignment?.wrapText).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: Number(header?.row) });
    expect(sheet.pageSetup).toMatchObject({
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${header?.row}:${header?.row}`,
    });
    expect(sheet.pageSetup.printArea).toMatch(/^A1:G\d+$/);
    expect(all.some((c) => typeof c.value === 'string' && c.value.startsWith('※印の実績値は見込み'))).toBe(
      true,
    );
  });

  it('writes the data sheet with a header on row 1, one row per measure × KPI and no merged cells', () => {
    const sheet = book.getWorksheet(KPI_DATA_SHEET) as ExcelJS.Worksheet;
    expect(sheet.getRow(1).getCell(5).value).toBe('施策名');
    const aiRows: ExcelJS.Row[] = [];
    sheet.eachRow((row) => {
      if (row.getCell(5).value === AI_IOT) aiRows.push(row);
    });
    expect(aiRows.map((r) => r.getCell(8).value)).toEqual([1, 2]);
    expect(aiRows[0]?.getCell(13).value).toBe('一部達成');
    expect(aiRows[1]?.getCell(9).value).not.toMatch(/^②/);
    for (const name of [KPI_DATA_SHEET, 'データ_事業数決算額']) {
      const data = book.getWorksheet(name) as ExcelJS.Worksheet;
      // biome-ignore lint/suspicious/noExplicitAny: ExcelJS keeps merges on an untyped model
      expect((data.model as any).merges ?? []).toEqual([]);
    }
  });

  it('never writes a formula: text that looks like one is neutralised and stays a string', async () => {
    const model = withAnalysis(seedModel(), AI_IOT, FORMULA);
    const read = await readBook(await renderReportXlsx(model));
    const hits = allCells(read).filter((c) => String(c.value).includes('HYPERLINK'));
    expect(hits.length).toBeGreaterThanOrEqual(2); // the 帳票 sheet and the data sheet
    for (const cell of hits) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(typeof cell.value).toBe('string');
      expect(cell.formula).toBeUndefined();
      expect(cell.value).toBe(`'${FORMULA}`);
    }
    expect(allCells(read).every((c) => c.formula === undefined)).toBe(true);
  });

  it.skipIf(office === undefined)(
    'converts to PDF with LibreOffice',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'shinchoku-xlsx-report-'));
      try {
        const result = spawnSync(
          office as string,
          [
            '--headless',
            `-env:UserInstallation=file://${join(dir, 'profile')}`,
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            xlsxPath,
          ],
          { env: { ...process.env, HOME: dir }, timeout: 170_000, stdio: 'pipe' },
        );
        expect(result.status).toBe(0);
        const pdf = join(dir, 'report-fy2024.pdf');
        expect(existsSync(pdf)).toBe(true);
        expect((await stat(pdf)).size).toBeGreaterThan(1000);
        expect(await readdir(dir)).toContain('report-fy2024.pdf');
        await copyFile(pdf, join(OUTPUT_DIR, 'report-fy2024.pdf'));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
