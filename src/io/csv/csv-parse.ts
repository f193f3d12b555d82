import { err, ok, type Result } from '../../domain/result.ts';

/** Limits on a CSV file: a table has at most a few thousand rows and a few dozen columns. */
export interface CsvLimits {
  readonly maxRecords: number;
  readonly maxFields: number;
}

/** Where parsing stopped: the record (= spreadsheet row, header = 1) and why, in Japanese. */
export interface CsvSyntaxError {
  readonly row: number;
  readonly message: string;
}

const COMMA = 44;
const CR = 13;
const LF = 10;
const QUOTE = 34;

/**
 * Parses RFC 4180 CSV: fields separated by commas, records by CRLF, LF or CR, fields optionally quoted with `"`
 * (a quote inside doubled, line breaks allowed inside quotes). A line break after the last record adds no record.
 * A quote inside an unquoted field, or text after a closing quote, is refused rather than guessed.
 */
export function parseCsv(text: string, limits: CsvLimits): Result<string[][], CsvSyntaxError> {
  const records: string[][] = [];
  if (text.length === 0) return ok(records);
  let record: string[] = [];
  let i = 0;
  for (;;) {
    const row = records.length + 1;
    const field = text.charCodeAt(i) === QUOTE ? quotedField(text, i) : unquotedField(text, i);
    if (!field.ok) return err({ row, message: field.error });
    record.push(field.value.text);
    i = field.value.end;
    if (record.length > limits.maxFields) {
      return err({ row, message: `列が多すぎます（上限${limits.maxFields}列）。` });
    }
    const next = text.charCodeAt(i);
    if (next === COMMA) {
      i += 1;
      continue;
    }
    records.push(record);
    record = [];
    if (records.length > limits.maxRecords) {
      return err({ row, message: `行が多すぎます（上限${limits.maxRecords}行）。` });
    }
    if (Number.isNaN(next)) break;
    i += next === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    if (i >= text.length) break;
  }
  return ok(records);
}

interface Field {
  readonly text: string;
  /** Index just after the field. */
  readonly end: number;
}

function quotedField(text: string, start: number): Result<Field, string> {
  let value = '';
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return err('引用符（"）が閉じられていません。');
    value += text.slice(from, quote);
    if (text.charCodeAt(quote + 1) === QUOTE) {
      value += '"';
      from = quote + 2;
      continue;
    }
    const end = quote + 1;
    const after = text.charCodeAt(end);
    if (!Number.isNaN(after) && after !== COMMA && after !== CR && after !== LF) {
      return err('引用符（"）で囲んだ値の後ろに文字があります。');
    }
    return ok({ text: value, end });
  }
}

function unquotedField(text: string, start: number): Result<Field, string> {
  let end = start;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === COMMA || c === CR || c === LF) break;
    if (c === QUOTE)
      return err('引用符（"）を含む値は、値全体を引用符で囲み、中の引用符を "" と二重にしてください。');
    end += 1;
  }
  return ok({ text: text.slice(start, end), end });
}
