// The pre-checks' building blocks: the linear tag scan, the relationship walk and the limits, on hand-written XML.
import { describe, expect, it } from 'vitest';
import { IssueList } from '../../src/io/csv/file-issue.ts';
import { XLSX_LIMITS } from '../../src/io/xlsx/xlsx-limits.ts';
import { unreferencedParts } from '../../src/io/xlsx/xlsx-package.ts';
import { hasDtd } from '../../src/io/xlsx/xlsx-part-checks.ts';
import { inspectXlsx } from '../../src/io/xlsx/xlsx-safety.ts';
import { checkSheetExtent } from '../../src/io/xlsx/xlsx-sheet-extent.ts';
import {
  BrokenXmlError,
  decodeEntities,
  removeElements,
  scanTags,
  tagAttributes,
} from '../../src/io/xlsx/xml-scan.ts';
import { editZipParts, issuesOf, sampleXlsx, unwrap } from '../fixtures/io/files.ts';

describe('scanTags', () => {
  it('gives local names, depth and flags; skips comments, CDATA and declarations', () => {
    const xml = '<?xml version="1.0"?><x:a><!-- <b> --><b k=">"/><![CDATA[<c>]]><c></c></x:a>';
    expect([...scanTags(xml)].map((t) => [t.name, t.depth, t.closing, t.selfClosing])).toEqual([
      ['a', 0, false, false],
      ['b', 1, false, true],
      ['c', 1, false, false],
      ['c', 1, true, false],
      ['a', 0, true, false],
    ]);
  });

  it.each([
    ['a tag that never ends', '<a><b'],
    ['a closing tag without an opening one', '</a>'],
    ['a comment that never ends', '<a><!-- x'],
  ])('throws BrokenXmlError for %s', (_name, xml) => {
    expect(() => [...scanTags(xml)]).toThrow(BrokenXmlError);
  });
});

describe('tagAttributes and decodeEntities', () => {
  it('reads quoted values with local names, decoding the five entities and character references', () => {
    const attributes = tagAttributes(` name="A&amp;B &#x3042;&#12354;" r:id='rId1' broken=x`);
    expect([...attributes]).toEqual([
      ['name', 'A&B ああ'],
      ['id', 'rId1'],
    ]);
  });

  it('leaves an unknown or unterminated reference as it is', () => {
    expect(decodeEntities('a &nbsp; b & c &#xZZ;')).toBe('a &nbsp; b & c &#xZZ;');
  });
});

describe('removeElements', () => {
  it('removes the named elements with their content, nested or self-closing, and keeps the rest', () => {
    const xml =
      '<ws><cols><col min="1" max="3"/></cols><sheetData/><extLst><ext><extLst/></ext></extLst><x/></ws>';
    expect(removeElements(xml, new Set(['cols', 'extLst']))).toBe('<ws><sheetData/><x/></ws>');
  });
});

describe('hasDtd', () => {
  it.each([
    ['<!DOCTYPE a>', true],
    ['<! entity x "y">', true],
    ['<!-- doctype --><a/>', false],
    ['<a>&lt;!DOCTYPE</a>', false],
  ])('%s → %s', (xml, found) => {
    expect(hasDtd(xml)).toBe(found);
  });
});

describe('checkSheetExtent', () => {
  const check = (xml: string) => {
    const issues = new IssueList();
    const cells = checkSheetExtent(xml, 'シート1', XLSX_LIMITS, issues);
    return { cells, issues: issues.list() };
  };

  it('counts cells, implied references included, and accepts column widths up to XFD', () => {
    const xml =
      '<worksheet><cols><col min="5" max="16384" hidden="1"/></cols><sheetData>' +
      '<row r="1"><c r="A1"/><c/><c/></row><row><c/></row></sheetData></worksheet>';
    expect(check(xml)).toEqual({ cells: 4, issues: [] });
  });

  it.each([
    ['max past XFD', '<col min="1" max="2000000000"/>', '<col min="1" max="2000000000">'],
    ['min after max', '<col min="9" max="2"/>', '<col min="9" max="2">'],
    ['an unreadable max', '<col min="1" max="1e9"/>', '<col min="1" max="1e9">'],
  ])('refuses a column range with %s, naming the sheet and the limit', (_name, col, shown) => {
    const { issues } = check(`<worksheet><cols>${col}</cols><sheetData/></worksheet>`);
    expect(issues).toEqual([
      { file: 'シート1', message: expect.stringContaining(`${shown}）が Excel の列数の上限（16,384列）`) },
    ]);
  });

  it('refuses a row past the row limit by its position (a row without r follows the previous one)', () => {
    const { issues } = check('<worksheet><sheetData><row r="100000"/><row/></sheetData></worksheet>');
    expect(issues).toEqual([
      { file: 'シート1', row: 100_001, column: 'A列', message: expect.stringContaining('A100001') },
    ]);
  });
});

describe('unreferencedParts', () => {
  const parts = (entries: Record<string, string>) =>
    new Map(Object.entries(entries).map(([name, xml]) => [name, Buffer.from(xml, 'utf8')]));
  const rels = (...targets: string[]) =>
    `<Relationships>${targets.map((t, i) => `<Relationship Id="r${i}" Target="${t}"/>`).join('')}</Relationships>`;

  it('follows relative and absolute targets, and counts the relationships of reached parts only', () => {
    const found = unreferencedParts(
      parts({
        '[Content_Types].xml': '<Types/>',
        '_rels/.rels': rels('xl/workbook.xml'),
        'xl/workbook.xml': '<workbook/>',
        'xl/_rels/workbook.xml.rels': rels('worksheets/sheet1.xml', '/xl/styles.xml'),
        'xl/worksheets/sheet1.xml': '<worksheet/>',
        'xl/styles.xml': '<styleSheet/>',
        'xl/worksheets/sheet9.xml': '<worksheet/>',
        'xl/worksheets/_rels/sheet9.xml.rels': rels('../media/secret.bin'),
        'xl/media/secret.bin': 'x',
      }),
    );
    expect(found).toEqual([
      'xl/worksheets/sheet9.xml',
      'xl/worksheets/_rels/sheet9.xml.rels',
      'xl/media/secret.bin',
    ]);
  });
});

describe('inspectXlsx limits', () => {
  it('refuses a workbook over the cell count, naming the sheet and the limit', async () => {
    const issues = issuesOf(
      await inspectXlsx(await sampleXlsx(), 'ブック.xlsx', { ...XLSX_LIMITS, maxCells: 1 }),
    );
    expect(issues).toEqual([
      { file: expect.any(String), message: expect.stringContaining('セルの数が上限（1個）を超えています') },
    ]);
  });

  it('refuses a style sheet over the style count', async () => {
    const issues = issuesOf(
      await inspectXlsx(await sampleXlsx(), 'ブック.xlsx', { ...XLSX_LIMITS, maxStyles: 1 }),
    );
    expect(issues).toEqual([
      {
        file: 'xl/styles.xml',
        message: expect.stringContaining('書式（スタイル）の数が多すぎます（上限1個）'),
      },
    ]);
  });

  it('refuses a part over the size limit before reading its XML', async () => {
    const issues = issuesOf(
      await inspectXlsx(await sampleXlsx(), 'ブック.xlsx', { ...XLSX_LIMITS, maxPartBytes: 100 }),
    );
    expect(issues[0]?.message).toMatch(/^ブックの部品「.+」が大きすぎます（展開後[\d.]+MB、上限0MB）。$/);
  });

  it('removes column widths before ExcelJS, so a workbook with <col max="16384"> still reads', async () => {
    const wide = await editZipParts(await sampleXlsx(), (parts) => {
      const xml = parts.get('xl/worksheets/sheet2.xml')?.toString('utf8') ?? '';
      parts.set(
        'xl/worksheets/sheet2.xml',
        Buffer.from(
          xml.replace(
            /<cols>[\s\S]*?<\/cols>|(?=<sheetData)/,
            '<cols><col min="1" max="16384" width="9"/></cols>',
          ),
          'utf8',
        ),
      );
    });
    const parts = unwrap(await inspectXlsx(wide, 'ブック.xlsx'));
    expect(parts.find((p) => p.name === 'xl/worksheets/sheet2.xml')?.data.toString('utf8')).not.toContain(
      '<col ',
    );
  });
});

describe('unreferencedParts compares part names without case', () => {
  it('a target written Sheet1.xml reaches the part sheet1.xml', () => {
    const parts = new Map(
      Object.entries({
        '[Content_Types].xml': '<Types/>',
        '_rels/.rels': '<Relationships><Relationship Id="r1" Target="xl/Workbook.xml"/></Relationships>',
        'xl/workbook.xml': '<workbook/>',
        'xl/_rels/workbook.xml.rels':
          '<Relationships><Relationship Id="r1" Target="worksheets/Sheet1.xml"/></Relationships>',
        'xl/worksheets/sheet1.xml': '<worksheet/>',
      }).map(([name, xml]) => [name, Buffer.from(xml, 'utf8')]),
    );
    expect(unreferencedParts(parts)).toEqual([]);
  });
});
