import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../src/domain/tables/definitions.ts';
import { MAX_ISSUES } from '../../src/io/csv/file-issue.ts';
import {
  type CsvEncoding,
  METADATA_FILE,
  README_FILE,
  readTablesCsv,
  writeTablesCsv,
} from '../../src/io/csv/tables-csv.ts';
import { editCsv, issuesOf, sampleCsv, unwrap } from '../fixtures/io/files.ts';
import { sampleTables } from '../fixtures/io/sample-tables.ts';

const ENCODINGS: readonly CsvEncoding[] = ['utf8bom', 'utf8', 'sjis'];
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('writeTablesCsv → readTablesCsv', () => {
  it.each(ENCODINGS)('round-trips every table in %s', (encoding) => {
    const files = sampleCsv(encoding);
    expect(unwrap(readTablesCsv(files))).toEqual(sampleTables());
  });

  it.each(ENCODINGS)('is byte-stable in %s: write → read → write gives the same bytes', (encoding) => {
    const first = sampleCsv(encoding);
    const second = unwrap(writeTablesCsv(unwrap(readTablesCsv(first)), encoding));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, bytes] of first) expect(second.get(name)?.equals(bytes), name).toBe(true);
  });

  it('writes one file per table named after its title, plus README.txt and metadata.json', () => {
    const names = [...sampleCsv().keys()];
    expect(names).toEqual([...TABLES.map((t) => `${t.title}.csv`), README_FILE, METADATA_FILE]);
    expect(names).toContain('KPI値.csv');
  });

  it('writes UTF-8 with BOM by default, plain UTF-8, or Shift_JIS, always with CRLF', () => {
    expect(sampleCsv('utf8bom').get('計画.csv')?.subarray(0, 3)).toEqual(BOM);
    expect(sampleCsv('utf8').get('計画.csv')?.subarray(0, 3)).not.toEqual(BOM);
    const sjis = sampleCsv('sjis').get('計画.csv') ?? Buffer.alloc(0);
    expect(sjis.subarray(0, 6)).toEqual(iconv.encode('地方公', 'cp932'));
    const text = sampleCsv('utf8').get('計画.csv')?.toString('utf8') ?? '';
    expect(text.split('\r\n')[0]).toContain('地方公共団体コード,団体名,計画ID');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('adds a 和暦 column after every fiscal year, which readers ignore', () => {
    const text = sampleCsv('utf8').get('関連事業.csv')?.toString('utf8');
    expect(text).toBe(
      '目標コード,年度,年度（和暦）,事業数,決算額（千円）\r\ncitizen,2024,令和6年度,61,1828557\r\n',
    );
  });

  it('neutralises formula-like text, and reading restores it', () => {
    const files = sampleCsv('utf8');
    const text = (name: string) => files.get(name)?.toString('utf8') ?? '';
    expect(text('評価ルール.csv')).toContain("\r\nformula-like,'=SUM(1)\r\n");
    expect(text('行動指針.csv')).toContain(',"\'+81 から始まる電話番号のように、""引用符""や, カンマ"\r\n');
    expect(text('主要取組.csv')).toContain(",'-x,");
    expect(text('主要取組の詳細.csv')).toContain(",'@a\r\n");
    expect(text('施策.csv')).toContain(",'\tx\r\n");
    // Text that already starts with 「'=」 keeps its own apostrophe.
    expect(text('KPI値.csv')).toContain(",''=already quoted\r\n");
    const read = unwrap(readTablesCsv(files));
    expect(read.rules[1]?.value).toBe('=SUM(1)');
    expect(read.measures[0]?.note).toBe('\tx');
    expect(read.kpi_values[1]?.note).toBe("'=already quoted");
  });

  it('keeps numbers bare: a negative decimal stays numeric with its written scale', () => {
    const files = sampleCsv('utf8');
    expect(files.get('KPI値.csv')?.toString('utf8')).toContain(',2024,令和6年度,,-2.70,,,TRUE,');
    expect(files.get('公表概要.csv')?.toString('utf8')).toContain(',184,70.5,-1,-8.2,TRUE\r\n');
    expect(unwrap(readTablesCsv(files)).kpi_values[1]?.value).toBe('-2.70');
  });

  it('describes the export deterministically in README.txt and metadata.json', () => {
    const readme = sampleCsv('sjis').get(README_FILE)?.toString('utf8') ?? '';
    expect(readme).toContain('文字コード: Shift_JIS');
    expect(readme).toContain('CC BY 4.0');
    expect(readme).toContain('■ KPI値.csv（2行）');
    const metadata = JSON.parse(sampleCsv().get(METADATA_FILE)?.toString('utf8') ?? '{}');
    expect(metadata.encoding).toBe('utf8bom');
    expect(metadata.tables).toHaveLength(TABLES.length);
    expect(metadata.tables[0].columns[0]).toMatchObject({
      header: '地方公共団体コード',
      type: 'text',
      required: true,
    });
    expect(sampleCsv().get(METADATA_FILE)).toEqual(sampleCsv().get(METADATA_FILE));
  });

  it('refuses characters Shift_JIS cannot hold, naming table, row and column', () => {
    const tables = sampleTables();
    tables.transcription_notes = [{ position: 1, text: '4月から6月 😀' }];
    const issues = issuesOf(writeTablesCsv(tables, 'sjis'));
    expect(issues).toEqual([
      expect.objectContaining({
        file: '転記メモ.csv',
        row: 2,
        column: 'メモ',
        message: expect.stringContaining('U+1F600'),
      }),
    ]);
    expect(writeTablesCsv(tables, 'utf8bom').ok).toBe(true);
  });

  it('writes — 〜 − as the Windows-31J characters Excel shows the same way (― ～ －)', () => {
    const tables = sampleTables();
    tables.transcription_notes = [{ position: 1, text: '値なし — 4月〜6月 −2' }];
    const files = writeTablesCsv(tables, 'sjis');
    if (!files.ok) throw new Error(JSON.stringify(files.error));
    const back = readTablesCsv(files.value);
    if (!back.ok) throw new Error(JSON.stringify(back.error));
    expect(back.value.transcription_notes[0]?.text).toBe('値なし ― 4月～6月 －2');
  });

  it('refuses to write a cell that does not fit its column, so that every export reads back', () => {
    const tables = sampleTables();
    tables.project_totals = [{ goal: 'citizen', fiscal_year: 2024, count: 1.5, amount_thousand_yen: 1 }];
    expect(issuesOf(writeTablesCsv(tables))).toEqual([
      expect.objectContaining({ file: '関連事業.csv', row: 2, column: '事業数' }),
    ]);
  });
});

describe('readTablesCsv: reading what staff write', () => {
  const withRow = (name: string, header: string, row: string) =>
    editCsv(sampleCsv(), name, () => `${header}\r\n${row}\r\n`);

  it('accepts 和暦 fiscal years, grouped and △ numbers, はい/いいえ, and normalises time points', () => {
    const files = editCsv(sampleCsv(), 'KPI値.csv', (text) =>
      text.replace(
        ',2024,令和6年度,,-2.70,,,TRUE,FALSE,,,TRUE,',
        ',令和6年度,,R3.3,"△1,527.50",,,はい,いいえ,,,1,',
      ),
    );
    const read = unwrap(readTablesCsv(files)).kpi_values[1];
    expect(read).toMatchObject({ fiscal_year: 2024, as_of: '2021-03', value: '-1527.50', percent: true });
    expect(read).toMatchObject({ approximate: false, provisional: true });
    const r6 = withRow('関連事業.csv', '目標コード,年度,事業数,決算額（千円）', 'citizen,R6,"1,527",0');
    expect(unwrap(readTablesCsv(r6)).project_totals).toEqual([
      { goal: 'citizen', fiscal_year: 2024, count: 1527, amount_thousand_yen: 0 },
    ]);
  });

  it('accepts columns in any order, without the 和暦 columns, and reads blank as null (not 0)', () => {
    const files = withRow(
      '目標.csv',
      '目標名,種別,順序,目標コード,上位の目標コード,番号,記号,ラベル',
      '県民サービス,priority,1,citizen,,,,',
    );
    expect(unwrap(readTablesCsv(files)).goals).toEqual([
      {
        code: 'citizen',
        parent: null,
        position: 1,
        kind: 'priority',
        number: null,
        marker: null,
        label: null,
        title: '県民サービス',
      },
    ]);
  });

  it.each([
    [
      'abc in an integer column',
      '目標コード,年度,事業数,決算額（千円）',
      'citizen,2024,abc,1',
      '事業数',
      ['「abc」', '整数'],
    ],
    [
      '1.5 in an integer column',
      '目標コード,年度,事業数,決算額（千円）',
      'citizen,2024,1.5,1',
      '事業数',
      ['「1.5」', '整数'],
    ],
    [
      'a bad fiscal year',
      '目標コード,年度,事業数,決算額（千円）',
      'citizen,令和,1,1',
      '年度',
      ['「令和」', '年度'],
    ],
    [
      'an upper-case code',
      '目標コード,年度,事業数,決算額（千円）',
      'Citizen,2024,1,1',
      '目標コード',
      ['「Citizen」', 'コード'],
    ],
    [
      'an empty required cell',
      '目標コード,年度,事業数,決算額（千円）',
      'citizen,2024,,1',
      '事業数',
      ['必須'],
    ],
  ])('refuses %s, naming file, row and column', (_name, header, row, column, words) => {
    const issues = issuesOf(readTablesCsv(withRow('関連事業.csv', header, row)));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: '関連事業.csv', row: 2, column });
    for (const word of words) expect(issues[0]?.message).toContain(word);
  });

  it('refuses values outside an enumeration and booleans it cannot read', () => {
    const files = withRow('KPI.csv', 'KPI ID,項目,単位,方向,累計,備考', 'a,項目,人,up,maybe,');
    const issues = issuesOf(readTablesCsv(files));
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [2, '方向'],
      [2, '累計'],
    ]);
    expect(issues[0]?.message).toContain('increase、decrease');
  });

  it('reports a missing column once, on row 1, and does not read that table further', () => {
    const files = withRow('関連事業.csv', '目標コード,年度,決算額（千円）', 'citizen,2024,1');
    expect(issuesOf(readTablesCsv(files))).toEqual([
      { file: '関連事業.csv', row: 1, message: '列「事業数」がありません（1行目の見出しに必要です）。' },
    ]);
  });

  it('reports an unknown header by name, and a duplicated one', () => {
    const unknown = withRow('転記メモ.csv', '順序,メモ,メモ2', '1,a,b');
    expect(issuesOf(readTablesCsv(unknown))).toEqual([
      expect.objectContaining({
        file: '転記メモ.csv',
        row: 1,
        column: 'メモ2',
        message: expect.stringContaining('「メモ2」'),
      }),
    ]);
    const duplicated = withRow('転記メモ.csv', '順序,メモ,メモ', '1,a,b');
    expect(issuesOf(readTablesCsv(duplicated))[0]?.message).toContain('重複');
  });

  it.each(['__proto__', 'constructor', 'toString'])(
    'treats a header named %s as unknown, without prototype pollution',
    (header) => {
      const files = withRow('転記メモ.csv', `順序,メモ,${header}`, '1,a,"{""polluted"":true}"');
      const issues = issuesOf(readTablesCsv(files));
      expect(issues).toEqual([
        expect.objectContaining({
          row: 1,
          column: header,
          message: expect.stringContaining(`「${header}」`),
        }),
      ]);
      expect(Object.keys(Object.prototype)).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('reports a missing table by its file name', () => {
    const files = sampleCsv();
    files.delete('KPI値.csv');
    expect(issuesOf(readTablesCsv(files))).toEqual([
      { file: 'KPI値.csv', message: '表「KPI値」のファイル KPI値.csv がありません。' },
    ]);
  });

  it('reports an unknown CSV file, and ignores other files', () => {
    const files = sampleCsv();
    files.set('メモ.csv', Buffer.from('a\r\n'));
    files.set('notes.txt', Buffer.from('whatever'));
    expect(issuesOf(readTablesCsv(files))).toEqual([expect.objectContaining({ file: 'メモ.csv' })]);
  });

  it('reports a value in a column without a header', () => {
    const files = withRow('転記メモ.csv', '順序,メモ', '1,a,stray');
    expect(issuesOf(readTablesCsv(files))).toEqual([
      expect.objectContaining({ file: '転記メモ.csv', row: 2, message: '見出しのない列に値があります。' }),
    ]);
  });

  it('counts rows as a spreadsheet shows them and skips empty lines', () => {
    const files = editCsv(sampleCsv(), '転記メモ.csv', () => '順序,メモ\r\n1,"a\r\nb"\r\n\r\nx,c\r\n');
    expect(issuesOf(readTablesCsv(files))).toEqual([expect.objectContaining({ row: 4, column: '順序' })]);
  });

  it('refuses broken quoting with the row', () => {
    const files = editCsv(sampleCsv(), '転記メモ.csv', () => '順序,メモ\r\n1,ab"c\r\n');
    expect(issuesOf(readTablesCsv(files))).toEqual([
      expect.objectContaining({ file: '転記メモ.csv', row: 2, message: expect.stringContaining('引用符') }),
    ]);
  });

  it(`stops after ${MAX_ISSUES} issues and says so`, () => {
    const rows = Array.from({ length: 300 }, () => 'x,').join('\r\n');
    const issues = issuesOf(
      readTablesCsv(editCsv(sampleCsv(), '転記メモ.csv', () => `順序,メモ\r\n${rows}\r\n`)),
    );
    expect(issues).toHaveLength(MAX_ISSUES + 1);
    expect(issues.at(-1)?.message).toContain(`最初の${MAX_ISSUES}件`);
  });
});

describe('readTablesCsv: encodings', () => {
  const sjisNotes = (tail: Buffer) =>
    new Map(
      [...sampleCsv('sjis')].map(([n, b]) => [
        n,
        n === '転記メモ.csv' ? Buffer.concat([iconv.encode('順序,メモ\r\n1,あ', 'cp932'), tail]) : b,
      ]),
    );

  it('refuses a byte Shift_JIS does not map (0x85 0x40) with its position and row, never mojibake', () => {
    const issues = issuesOf(readTablesCsv(sjisNotes(Buffer.from([0x85, 0x40, 0x0d, 0x0a]))));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: '転記メモ.csv', row: 2 });
    expect(issues[0]?.message).toContain('Shift_JIS として不正なバイトが 17 バイト目');
  });

  it('refuses a file that ends inside a Shift_JIS character', () => {
    const issues = issuesOf(readTablesCsv(sjisNotes(Buffer.from([0x82, 0xa0, 0x81]))));
    expect(issues[0]).toMatchObject({ file: '転記メモ.csv', row: 2 });
    expect(issues[0]?.message).toContain('Shift_JIS として不正なバイト');
  });

  it('refuses invalid UTF-8 after a BOM, and UTF-16', () => {
    const files = sampleCsv();
    files.set(
      '転記メモ.csv',
      Buffer.concat([BOM, Buffer.from('順序,メモ\r\n1,', 'utf8'), Buffer.from([0xe3, 0x81])]),
    );
    expect(issuesOf(readTablesCsv(files))[0]?.message).toContain('UTF-8 として不正なバイト');
    files.set('転記メモ.csv', Buffer.from('\uFEFF順序', 'utf16le'));
    expect(issuesOf(readTablesCsv(files))[0]?.message).toContain('UTF-16');
  });

  it('reads Windows-31J extensions (①, ㈱, 髙) from Shift_JIS', () => {
    expect(unwrap(readTablesCsv(sampleCsv('sjis'))).departments[1]?.division).toBe(
      '情報政策課（㈱髙橋 ① 試験）',
    );
  });
});
