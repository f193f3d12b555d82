import { describe, expect, it } from 'vitest';
import type { TableDiff } from './diff.ts';
import { findStaleRows, indexStamps, type RowVersion, rowVersionsSchema } from './row-versions.ts';

const T1 = '2025-06-30T01:00:00.000Z';
const T2 = '2025-07-01T02:00:00.000Z';
const kpiRow = (fy: number, value: string) => ({ kpi: 'k', kind: 'actual', fiscal_year: fy, value });
const stamp = (fy: number, version: number, updatedAt = T1): RowVersion => ({
  table: 'kpi_values',
  key: { kpi: 'k', kind: 'actual', fiscal_year: fy },
  version,
  updatedAt,
});
const diff = (parts: Partial<TableDiff>): TableDiff[] => [
  { table: 'kpi_values', added: [], removed: [], changed: [], unchanged: 0, ...parts },
];
const change = (fy: number, before: string, after: string) => ({
  before: kpiRow(fy, before),
  after: kpiRow(fy, after),
  columns: ['value'],
});

describe('findStaleRows', () => {
  it.each([
    ['same version and time: not stale', [stamp(2024, 2)], [stamp(2024, 2)], 0],
    ['stored version newer: stale', [stamp(2024, 3)], [stamp(2024, 2)], 1],
    [
      'same version, other time (removed and entered again): stale',
      [stamp(2024, 1, T2)],
      [stamp(2024, 1)],
      1,
    ],
    ['a file without versions changing a stored row: stale', [stamp(2024, 1)], [], 1],
  ])('a changed row, %s', (_name, stored, base, count) => {
    const stale = findStaleRows(
      diff({ changed: [change(2024, '350', '347')] }),
      indexStamps(stored),
      indexStamps(base),
    );
    expect(stale).toHaveLength(count);
  });

  it('a row the file adds that the database removed after the export is stale; a new row is not', () => {
    const added = [kpiRow(2023, '1'), kpiRow(2024, '2')];
    const stale = findStaleRows(diff({ added }), indexStamps([]), indexStamps([stamp(2023, 1)]));
    expect(stale).toEqual([
      expect.objectContaining({
        key: { kpi: 'k', kind: 'actual', fiscal_year: 2023 },
        now: null,
        stored: undefined,
      }),
    ]);
  });

  it('a row the file removes is stale when created or changed after the export, not when deleted from the file', () => {
    const removed = [kpiRow(2023, '1'), kpiRow(2024, '2'), kpiRow(2025, '3')];
    const stored = [stamp(2023, 1), stamp(2024, 2), stamp(2025, 1)];
    const base = [stamp(2023, 1), stamp(2024, 1)]; // 2025 did not exist at the export
    const stale = findStaleRows(diff({ removed }), indexStamps(stored), indexStamps(base));
    expect(stale.map((s) => [s.key.fiscal_year, s.inFile, s.base?.version])).toEqual([
      [2024, null, 1],
      [2025, null, undefined],
    ]);
  });

  it('rows the import leaves as they are never conflict', () => {
    expect(findStaleRows(diff({ unchanged: 5 }), indexStamps([stamp(2024, 9)]), indexStamps([]))).toEqual([]);
  });
});

describe('rowVersionsSchema', () => {
  const issues = (value: unknown) =>
    (rowVersionsSchema.safeParse(value).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]);

  it('accepts what an export writes', () => {
    expect(issues([stamp(2024, 2)])).toEqual([]);
  });

  it.each([
    ['an unknown table', { ...stamp(2024, 1), table: 'nope' }, '0.table', '表の名前が正しくありません'],
    ['a version of 0', { ...stamp(2024, 1), version: 0 }, '0.version', '版は1以上の整数で指定してください'],
    [
      'a key without its year',
      { ...stamp(2024, 1), key: { kpi: 'k', kind: 'actual' } },
      '0.key',
      'キーの列は kpi, kind, fiscal_year です（kpi, kind が指定されています）',
    ],
    [
      'a date that is not ISO 8601',
      { ...stamp(2024, 1), updatedAt: '令和7年6月30日' },
      '0.updatedAt',
      '更新日時はISO 8601形式（例 2025-06-30T01:02:03.456Z）で指定してください',
    ],
  ])('refuses %s with its path', (_name, entry, path, message) => {
    expect(issues([entry])).toEqual([[path, message]]);
  });

  it('refuses the same row twice', () => {
    expect(issues([stamp(2024, 1), stamp(2024, 2)])).toEqual([['1', '同じ行の版が2回あります']]);
  });
});
