import { beforeAll, describe, expect, it } from 'vitest';
import { readTablesXlsx } from '../../src/io/xlsx/xlsx-read.ts';
import { workbookSheets } from '../../src/io/xlsx/xlsx-workbook-parts.ts';
import { writeZip } from '../../src/io/zip/zip-write.ts';
import {
  editWorkbook,
  editZipParts,
  issuesOf,
  patchDeclaredSize,
  sampleXlsx,
  unwrap,
} from '../fixtures/io/files.ts';
import { sampleTables } from '../fixtures/io/sample-tables.ts';

let book: Buffer;
beforeAll(async () => {
  book = await sampleXlsx();
});

/** The sample workbook with the XML of one table's sheet edited. */
const editSheetXml = (sheet: string, edit: (xml: string) => string) =>
  editZipParts(book, (parts) => {
    const part = workbookSheets(parts).find((s) => s.name === sheet)?.part;
    const xml = part === undefined ? undefined : parts.get(part);
    if (part === undefined || xml === undefined) throw new Error(`no sheet ${sheet}`);
    parts.set(part, Buffer.from(edit(xml.toString('utf8')), 'utf8'));
  });

const onlyIssue = async (buffer: Buffer, file = 'ブック.xlsx') => {
  const issues = issuesOf(await readTablesXlsx(buffer, file));
  expect(issues).toHaveLength(1);
  return issues[0];
};

describe('readTablesXlsx refuses hostile or broken files before ExcelJS sees them', () => {
  it('a renamed text file', async () => {
    const issue = await onlyIssue(Buffer.from('順序,メモ\r\n1,a\r\n', 'utf8'), 'メモ.xlsx');
    expect(issue).toEqual({ file: 'メモ.xlsx', message: expect.stringContaining('zip 形式ではありません') });
    expect(issue?.message).toContain('Excelファイル（.xlsx）として読み取れません');
  });

  it('a truncated workbook', async () => {
    const issue = await onlyIssue(book.subarray(0, Math.floor(book.length / 2)));
    expect(issue?.message).toContain('途中で切れています');
  });

  it('an encrypted workbook or an old .xls (an OLE file)', async () => {
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    expect((await onlyIssue(ole))?.message).toContain('パスワード付き');
  });

  it('a file over 20 MB, before unpacking', async () => {
    const big = Buffer.alloc(21 * 1024 * 1024);
    big.write('PK');
    expect((await onlyIssue(big))?.message).toContain('大きすぎます');
  });

  it('a zip bomb: a small part that inflates more than 100:1', async () => {
    const bomb = await editZipParts(book, (parts) => {
      parts.set('xl/media/zeros.bin', Buffer.alloc(16 * 1024 * 1024));
    });
    expect(bomb.length).toBeLessThan(book.length + 100 * 1024);
    const issue = await onlyIssue(bomb);
    expect(issue?.message).toContain('xl/media/zeros.bin');
    expect(issue?.message).toContain('zip爆弾');
  });

  it('a zip bomb: a sheet whose declared size is huge', async () => {
    const part = 'xl/worksheets/sheet2.xml';
    const issues = issuesOf(await readTablesXlsx(patchDeclaredSize(book, part, 0x7fff_0000)));
    expect(issues.map((i) => i.message).join('\n')).toContain('zip爆弾');
  });

  it('too many parts', async () => {
    const many = await writeZip(
      Array.from({ length: 1001 }, (_, i) => [`f${i}.xml`, Buffer.from('<a/>')] as const),
    );
    expect((await onlyIssue(many))?.message).toContain('多すぎます');
  });

  it('a zip that is not a workbook', async () => {
    const zip = await writeZip([['計画.csv', Buffer.from('a\r\n')]]);
    expect((await onlyIssue(zip))?.message).toContain('ブックの構成部品がありません');
  });

  it('a macro part (vbaProject.bin) or a macro-enabled content type', async () => {
    const vba = await editZipParts(book, (parts) => {
      parts.set('xl/vbaProject.bin', Buffer.from('Attribute VB_Name'));
    });
    expect((await onlyIssue(vba))?.message).toContain('マクロ');
    const xlsm = await editZipParts(book, (parts) => {
      const types = parts.get('[Content_Types].xml')?.toString('utf8') ?? '';
      parts.set(
        '[Content_Types].xml',
        Buffer.from(types.replace('sheet.main+xml', 'sheet.macroEnabled.main+xml'), 'utf8'),
      );
    });
    expect((await onlyIssue(xlsm))?.message).toContain('マクロ');
  });

  it('a part with a DOCTYPE (XXE, billion laughs)', async () => {
    const doctype = await editZipParts(book, (parts) => {
      const xml = parts.get('xl/sharedStrings.xml')?.toString('utf8') ?? '';
      const laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>';
      parts.set('xl/sharedStrings.xml', Buffer.from(xml.replace('?>', `?>${laughs}`), 'utf8'));
    });
    const issue = await onlyIssue(doctype);
    expect(issue?.message).toContain('xl/sharedStrings.xml');
    expect(issue?.message).toContain('DOCTYPE');
  });

  it('a part in UTF-16 (where a byte search could miss a DOCTYPE)', async () => {
    const utf16 = await editZipParts(book, (parts) => {
      parts.set(
        'xl/styles.xml',
        Buffer.from('\uFEFF<?xml version="1.0" encoding="UTF-16"?><styleSheet/>', 'utf16le'),
      );
    });
    expect((await onlyIssue(utf16))?.message).toContain('UTF-16');
  });

  it('a cell at XFD1048576, naming the sheet and the cell', async () => {
    const far = await editWorkbook(book, (wb) => {
      const notes = wb.getWorksheet('転記メモ');
      if (notes !== undefined) notes.getCell('XFD1048576').value = 'far away';
    });
    const issue = await onlyIssue(far);
    expect(issue).toMatchObject({ file: '転記メモ', row: 1_048_576, column: 'XFD列' });
    expect(issue?.message).toContain(
      'セル XFD1048576 はシートの大きさの上限（100000行・200列）を超えています',
    );
  });

  it('a declared dimension beyond the limits, even without cells there', async () => {
    const wide = await editSheetXml('計画', (xml) =>
      xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'),
    );
    expect(await onlyIssue(wide)).toMatchObject({ file: '計画', row: 1_048_576, column: 'XFD列' });
  });

  it('a merged range beyond the limits, and a broken cell reference', async () => {
    const merged = await editSheetXml('計画', (xml) =>
      xml.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A2:ZZ2"/></mergeCells>'),
    );
    expect(await onlyIssue(merged)).toMatchObject({ file: '計画', row: 2, column: 'ZZ列' });
    const broken = await editSheetXml('計画', (xml) => xml.replace('r="A2"', 'r="2A"'));
    expect((await onlyIssue(broken))?.message).toContain('セル参照「2A」を読み取れません');
  });
});

describe('readTablesXlsx defuses range lists ExcelJS would expand cell by cell', () => {
  it('reads a workbook with a whole-sheet data validation and print area, quickly', async () => {
    const validated = await editSheetXml('計画', (xml) =>
      xml.replace(
        '<pageMargins',
        '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1>' +
          '</dataValidation></dataValidations><pageMargins',
      ),
    );
    const printArea = await editZipParts(validated, (parts) => {
      const xml = parts.get('xl/workbook.xml')?.toString('utf8') ?? '';
      const names = `<definedNames><definedName name="_xlnm.Print_Area" localSheetId="1">'計画'!$A$1:$XFD$1048576</definedName></definedNames>`;
      parts.set('xl/workbook.xml', Buffer.from(xml.replace('</sheets>', `</sheets>${names}`), 'utf8'));
    });
    const started = Date.now();
    expect(unwrap(await readTablesXlsx(printArea))).toEqual(sampleTables());
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
