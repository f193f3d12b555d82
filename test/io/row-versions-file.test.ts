// The 版 sheet and 版.csv: written by exports from the database, read back on import exactly; a broken one is
// refused with its file, row and column (the import then writes nothing).
import { describe, expect, it } from 'vitest';
import type { RowVersion } from '../../src/domain/tables/row-versions.ts';
import { readCsvTableFile, writeTablesCsv } from '../../src/io/csv/tables-csv.ts';
import { readWorkbookFile } from '../../src/io/xlsx/xlsx-read.ts';
import { writeTablesXlsx } from '../../src/io/xlsx/xlsx-write.ts';
import { editCsv, editWorkbook, issuesOf, sampleCsv, unwrap } from '../fixtures/io/files.ts';
import { sampleTables } from '../fixtures/io/sample-tables.ts';

const VERSIONS: RowVersion[] = [
  { table: 'plan', key: { plan_id: 'sample-plan' }, version: 3, updatedAt: '2025-06-30T01:02:03.456Z' },
  {
    table: 'kpi_values',
    key: { kpi: 'digital-id-app', kind: 'baseline', fiscal_year: null },
    version: 1,
    updatedAt: '2025-04-01T00:00:00.000Z',
  },
];

const versionedCsv = (encoding: 'utf8bom' | 'sjis' = 'utf8bom') =>
  unwrap(writeTablesCsv(sampleTables(), encoding, VERSIONS));

describe('row versions round trip', () => {
  it.each(['utf8bom', 'sjis'] as const)('版.csv in %s reads back to the same versions', (encoding) => {
    const files = versionedCsv(encoding);
    expect(files.get('版.csv')?.length).toBeGreaterThan(0);
    expect(unwrap(readCsvTableFile(files))).toEqual({ tables: sampleTables(), rowVersions: VERSIONS });
  });

  it('the 版 sheet reads back to the same versions', async () => {
    const book = unwrap(await writeTablesXlsx(sampleTables(), VERSIONS));
    expect(unwrap(await readWorkbookFile(book))).toEqual({ tables: sampleTables(), rowVersions: VERSIONS });
  });

  it('files without versions (open data) have no 版 and read as based on nothing', async () => {
    expect(sampleCsv().has('版.csv')).toBe(false);
    expect(unwrap(readCsvTableFile(sampleCsv())).rowVersions).toBeUndefined();
    const book = unwrap(await writeTablesXlsx(sampleTables()));
    expect(unwrap(await readWorkbookFile(book)).rowVersions).toBeUndefined();
  });
});

describe('a broken 版 is refused, located', () => {
  const edited = (edit: (text: string) => string) =>
    issuesOf(readCsvTableFile(editCsv(versionedCsv(), '版.csv', edit)));

  it.each([
    [
      'a header renamed',
      (t: string) => t.replace('更新日時', '日時'),
      { row: 1, message: '見出しは 表、キー、版、更新日時 の順にしてください。' },
    ],
    [
      'a version abc',
      (t: string) => t.replace(',3,', ',abc,'),
      { row: 2, column: '版', message: '版は1以上の整数で指定してください' },
    ],
    [
      'a key that is not JSON',
      (t: string) => t.replace('"{""plan_id"":""sample-plan""}"', '{plan_id'),
      { row: 2, column: 'キー', message: 'キーを読み取れません（書き出したときの値のままにしてください）。' },
    ],
    [
      'an unknown table',
      (t: string) => t.replace('計画,', '予定,'),
      { row: 2, column: '表', message: '表の名前が正しくありません' },
    ],
    [
      'a time that is not ISO 8601',
      (t: string) => t.replace('2025-06-30T01:02:03.456Z', '2025/06/30'),
      {
        row: 2,
        column: '更新日時',
        message: '更新日時はISO 8601形式（例 2025-06-30T01:02:03.456Z）で指定してください',
      },
    ],
  ])('%s', (_name, edit, issue) => {
    expect(edited(edit)).toEqual([{ file: '版.csv', ...issue }]);
  });

  it('a 版 sheet with a version abc', async () => {
    const book = await editWorkbook(unwrap(await writeTablesXlsx(sampleTables(), VERSIONS)), (wb) => {
      const sheet = wb.getWorksheet('版');
      if (sheet) sheet.getCell('C2').value = 'abc';
    });
    expect(issuesOf(await readWorkbookFile(book))).toEqual([
      { file: '版', row: 2, column: '版', message: '版は1以上の整数で指定してください' },
    ]);
  });
});
