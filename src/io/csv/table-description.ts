/**
 * What an export contains, for people and programs: README.txt and metadata.json beside the CSV files, and the
 * 「説明」 sheet of the workbook. Deterministic (no timestamps) so that exports are byte-stable.
 */
import { type PlanTables, TABLES, type TableDef } from '../../domain/tables/definitions.ts';
import { VERSIONS_DESCRIPTION, VERSIONS_FILE } from './row-versions-grid.ts';
import { COLUMN_TYPE_LABELS, DATA_LICENCE, fileColumns } from './table-columns.ts';

export interface ColumnSummary {
  readonly header: string;
  readonly key: string | null;
  readonly type: string;
  readonly typeLabel: string;
  readonly required: boolean;
  readonly values: readonly string[] | null;
  readonly note: string | null;
}

export interface TableSummary {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly rows: number;
  readonly columns: readonly ColumnSummary[];
}

export const DERIVED_NOTE = '参考表示（和暦）。読み込み時には無視されます。';

/** The tables in definition order with their row counts and columns (derived 和暦 columns included). */
export function summariseTables(tables: PlanTables): TableSummary[] {
  return TABLES.map((def: TableDef) => ({
    name: def.name,
    title: def.title,
    description: def.description,
    rows: tables[def.name].length,
    columns: fileColumns(def).map(
      (fc): ColumnSummary =>
        fc.kind === 'data'
          ? {
              header: fc.header,
              key: fc.column.key,
              type: fc.column.type,
              typeLabel: COLUMN_TYPE_LABELS[fc.column.type],
              required: fc.column.required === true,
              values: fc.column.values ?? null,
              note: null,
            }
          : {
              header: fc.header,
              key: null,
              type: 'wareki',
              typeLabel: '文字列（和暦）',
              required: false,
              values: null,
              note: DERIVED_NOTE,
            },
    ),
  }));
}

/** The conventions every export follows, one sentence each (docs/domain.md §9, §10). */
export const FILE_CONVENTIONS: readonly string[] = [
  '1つの表を1つのファイル（シート）に収め、1行目が見出し、1セルに1つのデータです。セルの結合はありません。',
  '数値は数値のまま、単位は別の列にあります。空欄は「値なし」で、0 ではありません。',
  '年度は西暦の開始年です（2024 = 令和6年度）。「（和暦）」の列は参考表示で、読み込み時には無視されます。',
  "先頭が = + - @、タブ、改行の文字列には、表計算ソフトが数式として扱わないよう先頭に ' を付けています（読み込み時に外します）。",
  '真偽値は TRUE（はい）／ FALSE（いいえ）です。',
];

/** README.txt for a CSV export. */
export function csvReadme(tables: PlanTables, encodingLabel: string, versioned = false): string {
  const lines = [
    'Shinchoku 計画データ（CSV）',
    '',
    `文字コード: ${encodingLabel}`,
    '改行: CRLF',
    `ライセンス: ${DATA_LICENCE.name} ${DATA_LICENCE.url}`,
    '',
    ...FILE_CONVENTIONS.map((c) => `・${c}`),
    '',
    'ファイル一覧',
  ];
  for (const t of summariseTables(tables)) {
    lines.push('', `■ ${t.title}.csv（${t.rows}行）: ${t.description}`);
    for (const c of t.columns) {
      const facts = [
        c.typeLabel,
        c.required ? '必須' : '',
        c.values ? `値: ${c.values.join('／')}` : '',
        c.note ?? '',
      ];
      lines.push(`  - ${c.header}: ${facts.filter((f) => f !== '').join('、')}`);
    }
  }
  if (versioned) lines.push('', `■ ${VERSIONS_FILE}: ${VERSIONS_DESCRIPTION}`);
  return `${lines.join('\r\n')}\r\n`;
}

/** metadata.json for a CSV export (machine-readable form of the README). */
export function csvMetadata(
  tables: PlanTables,
  encoding: string,
  encodingLabel: string,
  versioned = false,
): string {
  const document = {
    title: 'Shinchoku 計画データ',
    format: 'text/csv',
    encoding,
    encodingLabel,
    lineEnding: 'CRLF',
    header: 'row 1',
    licence: DATA_LICENCE,
    conventions: FILE_CONVENTIONS,
    tables: summariseTables(tables).map((t) => ({ file: `${t.title}.csv`, ...t })),
    ...(versioned ? { rowVersions: { file: VERSIONS_FILE, description: VERSIONS_DESCRIPTION } } : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
