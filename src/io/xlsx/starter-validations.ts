/**
 * The drop-downs of the starter workbook, derived from the table definitions: an enumerated column lists the values
 * the reader accepts, a boolean column はい／いいえ, and a column holding a goal, department, measure or KPI code lists
 * the codes typed on that table's sheet (施策の目標コード → 「目標」 sheet, column A, rows 2–500).
 */
import type ExcelJS from 'exceljs';
import { type ColumnDef, type TableDef, type TableName, tableDef } from '../../domain/tables/definitions.ts';
import { valueLabel } from '../../domain/tables/labels.ts';
import { columnLetter } from '../csv/file-issue.ts';
import { fileColumns } from '../csv/table-columns.ts';
import { sheetName } from './xlsx-names.ts';

/** The rows that carry drop-downs (row 1 is the header). */
export const STARTER_ROWS = { first: 2, last: 500 } as const;

// A code column named like this refers to the key column of that table (docs/data-format.md, Tables).
const REFERENCED_TABLE: Readonly<Record<string, TableName>> = {
  goal: 'goals',
  parent: 'goals',
  department: 'departments',
  measure: 'measures',
  kpi: 'kpis',
};

// Excel refuses a literal list longer than 255 characters.
const MAX_LIST_TEXT = 255;
const MAX_PROMPT = 255;

export interface StarterValidation {
  /** e.g. `D2:D500`. */
  readonly range: string;
  readonly validation: ExcelJS.DataValidation;
}

/** The 1-based file column (和暦 columns counted) of a table column. */
export function fileColumnNumber(def: TableDef, key: string): number {
  return fileColumns(def).findIndex((fc) => fc.kind === 'data' && fc.column.key === key) + 1;
}

/** The drop-downs of one table's sheet. */
export function starterValidations(def: TableDef): StarterValidation[] {
  return def.columns.flatMap((column) => {
    const letter = columnLetter(fileColumnNumber(def, column.key));
    const validation = validationOf(def, column);
    return validation === undefined
      ? []
      : [{ range: `${letter}${STARTER_ROWS.first}:${letter}${STARTER_ROWS.last}`, validation }];
  });
}

function validationOf(def: TableDef, column: ColumnDef): ExcelJS.DataValidation | undefined {
  if (column.values !== undefined) {
    const list = column.values.join(',');
    if (list.length > MAX_LIST_TEXT) return undefined;
    const meanings = column.values.map((v) => {
      const label = valueLabel(def.name, column.key, v);
      return label === v ? v : `${v}＝${label}`;
    });
    return listValidation(`"${list}"`, 'stop', column.header, `次から選んでください: ${meanings.join('、')}`);
  }
  if (column.type === 'boolean') {
    return listValidation('"はい,いいえ"', 'stop', column.header, 'はい または いいえ を選んでください。');
  }
  // A table's own key is typed, never chosen: key columns are named code or id, not goal, kpi, ….
  const referenced = REFERENCED_TABLE[column.key];
  return column.type === 'code' && referenced !== undefined
    ? referenceValidation(column, tableDef(referenced))
    : undefined;
}

/** A list of the codes on the referenced table's sheet; a warning only, so codes may be typed in any order. */
function referenceValidation(column: ColumnDef, target: TableDef): ExcelJS.DataValidation | undefined {
  const keyColumn = target.key[0];
  if (keyColumn === undefined) return undefined;
  const letter = columnLetter(fileColumnNumber(target, keyColumn));
  const sheet = sheetName(target);
  const keyHeader = target.columns.find((c) => c.key === keyColumn)?.header ?? keyColumn;
  return listValidation(
    `'${sheet}'!$${letter}$${STARTER_ROWS.first}:$${letter}$${STARTER_ROWS.last}`,
    'warning',
    column.header,
    `「${sheet}」シートの「${keyHeader}」（${letter}列）に入力したコードから選んでください。`,
    `「${sheet}」シートにないコードです。先に「${sheet}」シートにコードを入力してください。`,
  );
}

function listValidation(
  formula: string,
  errorStyle: 'stop' | 'warning',
  header: string,
  prompt: string,
  error = prompt,
): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showInputMessage: true,
    promptTitle: shorten(header, 32),
    prompt: shorten(prompt, MAX_PROMPT),
    showErrorMessage: true,
    errorStyle,
    errorTitle: shorten(`${header}の値`, 32),
    error: shorten(error, MAX_PROMPT),
  };
}

const shorten = (text: string, limit: number): string => Array.from(text).slice(0, limit).join('');
