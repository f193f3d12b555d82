import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TABLES, tableDef } from '../../src/domain/tables/definitions.ts';
import { neutraliseText, restoreText } from '../../src/io/csv/csv-cells.ts';
import { parseCsv } from '../../src/io/csv/csv-parse.ts';
import { columnLetter } from '../../src/io/csv/file-issue.ts';
import { readCell } from '../../src/io/csv/table-cells.ts';
import { readTablesCsv, writeTablesCsv } from '../../src/io/csv/tables-csv.ts';
import { unwrap } from '../fixtures/io/files.ts';
import { sampleTables } from '../fixtures/io/sample-tables.ts';

const LIMITS = { maxRecords: 1000, maxFields: 50 };

describe('parseCsv (RFC 4180)', () => {
  it.each([
    ['', []],
    [
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['a\r1\r', [['a'], ['1']]],
    ['"a,b","say ""hi"""\r\n', [['a,b', 'say "hi"']]],
    ['"line\r\nbreak",x\r\n', [['line\r\nbreak', 'x']]],
    [',\r\n\r\n', [['', ''], ['']]],
    ['""', [['']]],
  ])('parses %j', (text, records) => {
    expect(parseCsv(text, LIMITS)).toEqual({ ok: true, value: records });
  });

  it.each([
    ['a\r\n"open', 2, '閉じられていません'],
    ['a\r\n"x"y', 2, '後ろに文字'],
    ['a\r\nb"c', 2, '引用符'],
  ])('refuses %j at its row', (text, row, words) => {
    const parsed = parseCsv(text, LIMITS);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.row).toBe(row);
      expect(parsed.error.message).toContain(words);
    }
  });

  it('stops at the record and field limits', () => {
    expect(parseCsv('a\n'.repeat(5), { maxRecords: 3, maxFields: 5 })).toMatchObject({
      ok: false,
      error: { row: 4 },
    });
    expect(parseCsv('a,b,c\n', { maxRecords: 3, maxFields: 2 })).toMatchObject({
      ok: false,
      error: { row: 1 },
    });
  });

  it('never throws on junk', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        parseCsv(text, LIMITS);
      }),
    );
  });

  it('reads back any records written with RFC 4180 quoting', () => {
    const field = fc.string({ unit: fc.constantFrom('a', ',', '"', '\r', '\n', ' ', 'あ'), maxLength: 6 });
    const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { maxLength: 5 }), (records) => {
        const text = records.map((r) => `${r.map(quote).join(',')}\r\n`).join('');
        expect(parseCsv(text, LIMITS)).toEqual({ ok: true, value: records });
      }),
    );
  });
});

describe('cells', () => {
  it('restoreText undoes neutraliseText for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => restoreText(neutraliseText(text)) === text),
    );
    fc.assert(
      fc.property(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', "'="), fc.string(), (lead, rest) => {
        expect(neutraliseText(lead + rest).startsWith("'")).toBe(true);
      }),
    );
  });

  it('readCell never throws, whatever the cell and column', () => {
    const columns = TABLES.flatMap((t) => t.columns);
    const raw = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.date({ noInvalidDate: true }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...columns), raw, fc.boolean(), (column, cell, fromFile) => {
        readCell(cell, column, fromFile);
      }),
    );
  });

  it('column letters follow the spreadsheet', () => {
    expect([1, 26, 27, 52, 200, 16384].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'GR', 'XFD']);
  });

  it('any non-blank text round-trips through CSV and the export stays byte-stable', () => {
    const column = tableDef('transcription_notes').columns[1];
    expect(column?.type).toBe('text');
    const text = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 40 })
      .filter((s) => s.trim() !== '' && !s.includes('\r'));
    fc.assert(
      fc.property(text, (note) => {
        const tables = { ...sampleTables(), transcription_notes: [{ position: 1, text: note }] };
        const files = unwrap(writeTablesCsv(tables, 'utf8'));
        const read = unwrap(readTablesCsv(files));
        expect(read.transcription_notes).toEqual([{ position: 1, text: note }]);
        const again = unwrap(writeTablesCsv(read, 'utf8'));
        expect(again.get('転記メモ.csv')?.equals(files.get('転記メモ.csv') ?? Buffer.alloc(0))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});
