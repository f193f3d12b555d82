import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTablesCsv } from '../../src/io/csv/tables-csv.ts';
import { readTablesXlsx } from '../../src/io/xlsx/xlsx-read.ts';
import { sampleXlsx, unwrap } from '../fixtures/io/files.ts';
import { sampleTables } from '../fixtures/io/sample-tables.ts';

// Opening the workbook in another spreadsheet program is the real check of a valid xlsx; the test installs
// nothing and is skipped where LibreOffice is absent (Debian: libreoffice-calc-nogui).
const office = ['libreoffice', 'soffice'].find((name) => spawnSync('which', [name]).status === 0);

// CSV filter options: comma, double quote, UTF-8 (76), from line 1, default formats, language, quoted as text off,
// detect numbers on, save cell contents as shown (keeps 0.00 formats), no formulas, no trimming, all sheets (-1).
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1';

async function convert(book: Buffer, filter: string): Promise<{ dir: string; files: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'shinchoku-lo-'));
  const path = join(dir, 'tables.xlsx');
  await writeFile(path, book);
  const out = join(dir, 'out');
  execFileSync(office ?? 'libreoffice', ['--headless', '--convert-to', filter, '--outdir', out, path], {
    env: { ...process.env, HOME: dir },
    stdio: 'pipe',
    timeout: 120_000,
  });
  return { dir: out, files: await readdir(out) };
}

describe.skipIf(office === undefined)('a generated workbook in LibreOffice', () => {
  it('converts to CSV (exit 0, a file produced)', async () => {
    const { dir, files } = await convert(await sampleXlsx(), 'csv');
    try {
      expect(files).toEqual(['tables.csv']);
      expect(await readFile(join(dir, 'tables.csv'), 'latin1')).toContain('Shinchoku');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('saved by LibreOffice as CSV, every sheet reads back as the same tables, formulas still neutralised', async () => {
    const { dir, files } = await convert(await sampleXlsx(), CSV_FILTER);
    try {
      const tables = new Map<string, Buffer>();
      for (const name of files.filter((n) => n !== 'tables-説明.csv')) {
        tables.set(name.replace(/^tables-/, ''), await readFile(join(dir, name)));
      }
      expect(tables.get('評価ルール.csv')?.toString('utf8')).toContain("formula-like,'=SUM(1)");
      expect(unwrap(readTablesCsv(tables))).toEqual(sampleTables());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('saved by LibreOffice as xlsx (booleans become TRUE() formulas there), reads back as the same tables', async () => {
    const { dir, files } = await convert(await sampleXlsx(), 'xlsx:Calc MS Excel 2007 XML');
    try {
      expect(files).toEqual(['tables.xlsx']);
      const resaved = await readFile(join(dir, 'tables.xlsx'));
      expect(unwrap(await readTablesXlsx(resaved))).toEqual(sampleTables());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
