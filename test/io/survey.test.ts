import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SurveyExpectation, SurveySheet } from '../../src/io/survey/survey-model.ts';
import { readSurveyWorkbook } from '../../src/io/survey/survey-read.ts';
import { writeSurveyWorkbook } from '../../src/io/survey/survey-write.ts';
import { workbookSheets } from '../../src/io/xlsx/xlsx-workbook-parts.ts';
import { readZip, ZIP_LIMITS } from '../../src/io/zip/zip-read.ts';
import { editWorkbook, editZipParts, issuesOf, unwrap } from '../fixtures/io/files.ts';

// Layout of this fixture: title block rows 1–6, header row 7; 施策 M1: KPI rows 8 and 9, 要因分析 row 10;
// 施策 M2: KPI row 11, 要因分析 row 12. Input columns: G 実績, H 見込み／確定, I 備考; 要因分析 in B (merged B:I).
const sheet: SurveySheet = {
  organisationName: '宮城県',
  planCode: 'miyagi-ict-2021',
  planName: 'みやぎ情報化推進ポリシー',
  fiscalYear: 2024,
  departmentCode: 'kikaku-digital',
  departmentName: '企画部 デジタルみやぎ推進課',
  dueDate: '2025-05-30',
  measures: [
    {
      measureId: 'M1',
      measureName: '行政手続のオンライン化',
      analysis: '',
      analysisVersion: 0,
      kpis: [
        {
          measureId: 'M1',
          kpiId: 'K1',
          kpiName: 'デジタル身分証アプリ登録者数',
          unit: '人',
          baselineText: '335 (R3.3)',
          targetText: '131,000',
          lastYearText: '129,000',
          valueText: '',
          provisional: true,
          note: '',
          version: 0,
        },
        {
          measureId: 'M1',
          kpiId: 'K2',
          kpiName: 'オンライン化手続の割合',
          unit: '%',
          baselineText: '66.5 (R元年度)',
          targetText: '90',
          lastYearText: '93.56%',
          valueText: '95.1',
          provisional: false,
          note: '=前年度の定義で集計',
          version: 3,
        },
      ],
    },
    {
      measureId: 'M2',
      measureName: 'テレワークの推進',
      analysis: '【達成】全庁にテレワーク環境を展開した。\n利用は定着している。',
      analysisVersion: 2,
      kpis: [
        {
          measureId: 'M2',
          kpiId: 'K3',
          kpiName: 'テレワーク実施率',
          unit: '%',
          baselineText: '12.9',
          targetText: '前年度越え',
          lastYearText: '—',
          valueText: '集計中',
          provisional: true,
          note: '',
          version: 1,
        },
      ],
    },
  ],
};

const expected: SurveyExpectation = {
  planCode: 'miyagi-ict-2021',
  fiscalYear: 2024,
  departmentCodes: ['kikaku-digital', 'kikaku-seisaku'],
};

const VALUE_COLUMN = '令和6年度実績（入力）（G列）';

let book: Buffer;
beforeAll(async () => {
  book = await writeSurveyWorkbook(sheet);
});

/** The written workbook with cells of 調査票 set as a user would type them. */
const fill = (cells: Record<string, ExcelJS.CellValue>, base = book) =>
  editWorkbook(base, (wb) => {
    const survey = wb.getWorksheet('調査票');
    for (const [address, value] of Object.entries(cells)) {
      if (survey !== undefined) survey.getCell(address).value = value;
    }
  });

/** The workbook with one cell's number format set (its own style: ExcelJS shares loaded style objects). */
const withNumberFormat = (base: Buffer, address: string, numFmt: string) =>
  editWorkbook(base, (wb) => {
    const cell = wb.getWorksheet('調査票')?.getCell(address);
    if (cell !== undefined) cell.style = { ...cell.style, numFmt };
  });

const refused = async (buffer: Buffer, expectation = expected) =>
  issuesOf(await readSurveyWorkbook(buffer, expectation));

/** The XML of a worksheet part, found by sheet name. */
async function sheetXml(buffer: Buffer, name: string): Promise<string> {
  const parts = new Map(
    unwrap(await readZip(buffer, 'test', 'zip', ZIP_LIMITS)).map((e) => [e.name, e.data]),
  );
  const part = workbookSheets(parts).find((s) => s.name === name)?.part;
  return (part === undefined ? undefined : parts.get(part)?.toString('utf8')) ?? '';
}

const load = async (buffer: Buffer): Promise<ExcelJS.Workbook> => {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
};

describe('writeSurveyWorkbook → readSurveyWorkbook', () => {
  it('reads back the pre-filled answers, each with its cell', async () => {
    const upload = unwrap(await readSurveyWorkbook(book, expected));
    expect(upload).toEqual({
      planCode: 'miyagi-ict-2021',
      fiscalYear: 2024,
      departmentCode: 'kikaku-digital',
      kpis: [
        {
          measureId: 'M1',
          kpiId: 'K1',
          value: '',
          provisional: true,
          note: '',
          cell: '調査票!G8',
          version: 0,
        },
        {
          measureId: 'M1',
          kpiId: 'K2',
          value: '95.1',
          provisional: false,
          note: '=前年度の定義で集計',
          cell: '調査票!G9',
          version: 3,
        },
        {
          measureId: 'M2',
          kpiId: 'K3',
          value: '集計中',
          provisional: true,
          note: '',
          cell: '調査票!G11',
          version: 1,
        },
      ],
      analyses: [
        { measureId: 'M1', text: '', cell: '調査票!B10', version: 0 },
        { measureId: 'M2', text: sheet.measures[1]?.analysis, cell: '調査票!B12', version: 2 },
      ],
    });
  });

  it('reads answers typed into the input cells: text as typed, numbers and percentages without float noise', async () => {
    const filled = await fill({
      G8: ' 658,815 ',
      H8: '確定',
      I8: { richText: [{ text: '登録者は' }, { font: { bold: true }, text: '65.9万人' }] },
      G9: 0.9356,
      H9: null,
      G11: 18.5,
      B10: '【達成】目標を上回った。',
      B12: null,
    });
    const percent = await withNumberFormat(filled, 'G9', '0.00%');
    const upload = unwrap(await readSurveyWorkbook(percent, expected));
    expect(upload.kpis.map(({ value, provisional, note }) => ({ value, provisional, note }))).toEqual([
      { value: '658,815', provisional: false, note: '登録者は65.9万人' },
      { value: '93.56%', provisional: true, note: '=前年度の定義で集計' },
      { value: '18.5', provisional: true, note: '' },
    ]);
    expect(upload.analyses.map((a) => a.text)).toEqual(['【達成】目標を上回った。', '']);
  });

  it('accepts the missing markers and approximate values', async () => {
    const filled = await fill({ G8: '—', G9: '未計測', G11: '約18%' });
    const values = unwrap(await readSurveyWorkbook(filled, expected)).kpis.map((k) => k.value);
    expect(values).toEqual(['—', '未計測', '約18%']);
  });
});

describe('the written workbook', () => {
  it('has 説明 first, a protected 調査票 whose input cells alone are unlocked, and a very hidden _meta', async () => {
    const workbook = await load(book);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['説明', '調査票', '_meta']);
    expect(workbook.getWorksheet('_meta')?.state).toBe('veryHidden');
    const survey = workbook.getWorksheet('調査票');
    if (survey === undefined) throw new Error('no 調査票');
    // In the XML an attribute set to 1 forbids the action; absent, select* are allowed and the rest forbidden.
    const protection = /<sheetProtection\b[^>]*>/.exec(await sheetXml(book, '調査票'))?.[0] ?? '';
    expect(protection).toContain('sheet="1"');
    expect(protection).not.toMatch(/select(?:Locked|Unlocked)Cells="1"/);
    expect(protection).not.toMatch(/(?:formatCells|insertRows|deleteRows|insertColumns|deleteColumns)="0"/);
    expect(protection).not.toContain('hashValue'); // no password: see protectSheet
    for (const input of ['G8', 'H8', 'I8', 'G9', 'G11', 'I11', 'B10', 'B12'])
      expect(survey.getCell(input).protection, input).toMatchObject({ locked: false });
    for (const locked of ['A1', 'B5', 'E7', 'A8', 'E8', 'F9', 'A10', 'J8', 'G13'])
      expect(survey.getCell(locked).protection?.locked, locked).not.toBe(false);
  });

  it('shows the title block, the headers in 和暦, and the validations on the input cells', async () => {
    const survey = (await load(book)).getWorksheet('調査票');
    if (survey === undefined) throw new Error('no 調査票');
    expect(survey.getCell('B4').value).toBe('令和6年度（2024年度）');
    expect(survey.getCell('B5').value).toBe('企画部 デジタルみやぎ推進課（所属コード: kikaku-digital）');
    expect(survey.getCell('B6').value).toBe('令和7年5月30日（2025-05-30）');
    expect(survey.getRow(7).values).toEqual([
      undefined,
      '施策',
      'KPI',
      '単位',
      '基準値',
      '令和6年度目標',
      '令和5年度実績',
      '令和6年度実績（入力）',
      '見込み／確定（入力）',
      '備考（入力）',
    ]);
    expect(survey.getCell('A10').value).toBe('要因分析（入力）');
    expect(survey.getCell('I10').isMerged).toBe(true);
    // Pre-filled text that a spreadsheet would run is neutralised.
    expect(survey.getCell('I9').value).toBe("'=前年度の定義で集計");
    expect(survey.getCell('H8').dataValidation).toMatchObject({ type: 'list', formulae: ['"見込み,確定"'] });
    expect(survey.getCell('G8').dataValidation.prompt).toContain('未計測');
    expect(survey.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1 });
    const guide = (await load(book)).getWorksheet('説明');
    const guideText = guide?.getColumn(1).values.join('\n') ?? '';
    for (const phrase of [
      '「—」',
      '「未計測」',
      '「集計中」',
      '見込み',
      '要因分析',
      '/admin',
      '令和7年5月30日',
    ])
      expect(guideText).toContain(phrase);
  });
});

describe('a target of another year in the 調査票', () => {
  // K1 without a 令和6年度 target: the judgement uses 令和5年度's 6, and the target cell says so under 「—」.
  const [first] = sheet.measures;
  const [k1] = first?.kpis ?? [];
  if (first === undefined || k1 === undefined) throw new Error('fixture changed');
  const withNote: SurveySheet = {
    ...sheet,
    measures: [
      {
        ...first,
        kpis: [{ ...k1, targetText: '—', targetNote: '令和5年度目標値 6 で判定' }, ...first.kpis.slice(1)],
      },
      ...sheet.measures.slice(1),
    ],
  };

  it('the target cell names the year and the value, and the returned workbook reads back', async () => {
    const written = await writeSurveyWorkbook(withNote);
    const survey = (await load(written)).getWorksheet('調査票');
    expect(survey?.getCell('E8').value).toBe('—\n令和5年度目標値 6 で判定');
    // A target of the year itself has no note.
    expect(survey?.getCell('E9').value).toBe('90');
    const upload = unwrap(await readSurveyWorkbook(written, expected));
    expect(upload.kpis.map((k) => k.kpiId)).toEqual(['K1', 'K2', 'K3']);
  });

  it('the note is protected like the target: changed, the workbook is refused naming E8', async () => {
    const changed = await fill({ E8: '—' }, await writeSurveyWorkbook(withNote));
    expect(await refused(changed)).toEqual([
      {
        file: '調査票',
        row: 8,
        column: '令和6年度目標（E列）',
        message: expect.stringContaining('変更前: 「—\n令和5年度目標値 6 で判定」 → 変更後: 「—」'),
      },
    ]);
  });
});

describe('readSurveyWorkbook refuses, naming the sheet and the cell', () => {
  it('another department, naming both', async () => {
    const issues = await refused(book, { ...expected, departmentCodes: ['hoken-fukushi'] });
    expect(issues).toEqual([
      {
        file: '調査票',
        row: 5,
        column: 'B列',
        message: expect.stringMatching(/kikaku-digital.*hoken-fukushi/),
      },
    ]);
  });

  it('another fiscal year, naming both in 和暦', async () => {
    const issues = await refused(book, { ...expected, fiscalYear: 2025 });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: '調査票', row: 4, column: 'B列' });
    expect(issues[0]?.message).toContain('令和6年度（2024年度）');
    expect(issues[0]?.message).toContain('令和7年度（2025年度）');
  });

  it('another plan', async () => {
    const issues = await refused(book, { ...expected, planCode: 'miyagi-dx-2025' });
    expect(issues[0]?.message).toMatch(/miyagi-ict-2021.*miyagi-dx-2025/);
  });

  it('a protected cell changed (the target), showing before and after', async () => {
    const issues = await refused(await fill({ E8: '100,000' }));
    expect(issues).toEqual([
      {
        file: '調査票',
        row: 8,
        column: '令和6年度目標（E列）',
        message: expect.stringContaining(
          'セル E8: 保護されたセルが変更されています（変更前: 「131,000」 → 変更後: 「100,000」）',
        ),
      },
    ]);
  });

  it('text typed outside the input cells', async () => {
    const issues = await refused(await fill({ J8: 'メモ', A20: '追加の行' }));
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [8, 'J列'],
      [20, '施策（A列）'],
    ]);
    expect(issues[0]?.message).toContain('入力欄ではないセルに値があります（「メモ」）');
  });

  it('a value parseQuantity rejects', async () => {
    const issues = await refused(await fill({ G8: 'abc' }));
    expect(issues).toEqual([
      {
        file: '調査票',
        row: 8,
        column: VALUE_COLUMN,
        message: expect.stringContaining('セル G8: 「abc」は数値として読み取れません'),
      },
    ]);
  });

  it('a formula in an input cell', async () => {
    const issues = await refused(await fill({ G9: { formula: '1+1', result: 2 } }));
    expect(issues).toEqual([
      {
        file: '調査票',
        row: 9,
        column: VALUE_COLUMN,
        message: expect.stringContaining('数式は使えません。値を直接入力してください'),
      },
    ]);
    expect(issues[0]?.message).toContain('G9');
  });

  it('a date in a value cell, a wrong 見込み／確定, a long note and a long analysis, all at once', async () => {
    const filled = await fill({
      G8: new Date(Date.UTC(2025, 2, 31)),
      H9: '速報',
      I11: 'あ'.repeat(201),
      B12: '析'.repeat(2001),
      G11: 'abc',
    });
    // A pasted date brings its date format with it; in the text format a typed date stays text.
    const issues = await refused(await withNumberFormat(filled, 'G8', 'yyyy/m/d'));
    expect(issues.map((i) => `${i.row} ${i.column}`)).toEqual([
      `8 ${VALUE_COLUMN}`,
      '9 見込み／確定（入力）（H列）',
      `11 ${VALUE_COLUMN}`,
      '11 備考（入力）（I列）',
      '12 要因分析（B列）',
    ]);
    expect(issues[0]?.message).toContain('日付は入力できません');
    expect(issues[1]?.message).toContain('「速報」は選べません');
    expect(issues[3]?.message).toContain('201文字');
    expect(issues[4]?.message).toContain('2001文字');
  });

  it('an older template version', async () => {
    const old = await editWorkbook(book, (wb) => {
      const meta = wb.getWorksheet('_meta');
      if (meta !== undefined) meta.getCell('B1').value = 1;
    });
    expect(await refused(old)).toEqual([
      {
        file: '_meta',
        row: 1,
        column: 'B列',
        message: '古い様式（版1）の調査票です。最新の調査票をダウンロードして入力し直してください。',
      },
    ]);
  });

  it('the versions the answers were pre-filled from: optional, but never anything but a row version', async () => {
    // _meta rows: 1–4 identity, 5 kpiRow K1 (version in E), 6 kpiRow K2, 7 analysisRow M1 (version in D).
    const withMeta = (cells: Record<string, ExcelJS.CellValue>) =>
      editWorkbook(book, (wb) => {
        const meta = wb.getWorksheet('_meta');
        for (const [address, value] of Object.entries(cells))
          if (meta !== undefined) meta.getCell(address).value = value;
      });
    const unversioned = unwrap(await readSurveyWorkbook(await withMeta({ E6: null, D7: null }), expected));
    expect(unversioned.kpis.map((k) => k.version)).toEqual([0, undefined, 1]);
    expect(unversioned.analyses.map((a) => a.version)).toEqual([undefined, 2]);
    expect(await refused(await withMeta({ E6: '3.5' }))).toEqual([
      expect.objectContaining({
        file: '_meta',
        row: 6,
        message: expect.stringContaining('KPI の行の版の記録が不正です'),
      }),
    ]);
    expect(await refused(await withMeta({ D7: 'x' }))).toEqual([
      expect.objectContaining({
        file: '_meta',
        row: 7,
        message: expect.stringContaining('要因分析の行の版の記録が不正です'),
      }),
    ]);
  });

  it('a newer or unreadable template version', async () => {
    const withVersion = (value: ExcelJS.CellValue) =>
      editWorkbook(book, (wb) => {
        const meta = wb.getWorksheet('_meta');
        if (meta !== undefined) meta.getCell('B1').value = value;
      });
    expect((await refused(await withVersion(3)))[0]?.message).toContain('様式（版3）は読み込めません');
    expect((await refused(await withVersion(null)))[0]?.message).toContain(
      'この調査票の様式ではありません（様式の版を読み取れません）',
    );
  });

  it('every problem at once, not only the first', async () => {
    const issues = await refused(await fill({ G8: 'abc', E9: '95' }), { ...expected, fiscalYear: 2025 });
    expect(issues.map((i) => `${i.row} ${i.column}`)).toEqual([
      '4 B列',
      '9 令和6年度目標（E列）',
      `8 ${VALUE_COLUMN}`,
    ]);
  });

  it('a deleted row, naming the rows that moved', async () => {
    const deleted = await editWorkbook(book, (wb) => {
      wb.getWorksheet('調査票')?.spliceRows(9, 1);
    });
    const issues = await refused(deleted);
    const messages = issues.map((i) => i.message).join('\n');
    expect(issues[0]).toMatchObject({ file: '調査票', row: 9 });
    expect(messages).toContain('KPI「オンライン化手続の割合」の行（9行目）が見つかりません');
    expect(messages).toContain('施策「行政手続のオンライン化」の要因分析の行が10行目から9行目にずれています');
    expect(messages).toContain('KPI「テレワーク実施率」の行が11行目から10行目にずれています');
    expect(messages).toContain('施策「テレワークの推進」の要因分析の行が12行目から11行目にずれています');
  });

  it('an inserted row', async () => {
    const inserted = await editWorkbook(book, (wb) => {
      wb.getWorksheet('調査票')?.insertRow(9, ['行政手続のオンライン化', '追加したKPI']);
    });
    const messages = (await refused(inserted)).map((i) => i.message).join('\n');
    expect(messages).toContain('KPI「オンライン化手続の割合」の行が9行目から10行目にずれています');
  });

  it('a workbook without the 調査票 or _meta sheet', async () => {
    for (const name of ['_meta', '調査票']) {
      const without = await editWorkbook(book, (wb) => {
        const found = wb.getWorksheet(name);
        if (found !== undefined) wb.removeWorksheet(found.id);
      });
      const issues = issuesOf(await readSurveyWorkbook(without, expected, '回答.xlsx'));
      expect(issues).toEqual([
        {
          file: '回答.xlsx',
          message: expect.stringContaining(`この調査票の様式ではありません（シート「${name}」がありません）`),
        },
      ]);
    }
  });

  it('a number cell that is not finite, crafted in the XML, without throwing', async () => {
    const crafted = await editZipParts(book, (parts) => {
      const part = workbookSheets(parts).find((s) => s.name === '調査票')?.part ?? '';
      const xml = parts.get(part)?.toString('utf8') ?? '';
      const edited = xml.replace(/<c r="G8" s="(\d+)"\/>/, '<c r="G8" s="$1"><v>1e999</v></c>');
      expect(edited).not.toBe(xml);
      parts.set(part, Buffer.from(edited, 'utf8'));
    });
    const issues = await refused(crafted);
    expect(issues).toEqual([
      {
        file: '調査票',
        row: 8,
        column: VALUE_COLUMN,
        message: expect.stringContaining('セル G8: 「Infinity」'),
      },
    ]);
  });

  it('a file that is not an xlsx, and a zip bomb, before ExcelJS sees them', async () => {
    const text = await refused(Buffer.from('施策,KPI\r\n', 'utf8'));
    expect(text[0]?.message).toContain('Excelファイル（.xlsx）として読み取れません');
    const garbage = await refused(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(4096, 0xa5)]));
    expect(garbage).toHaveLength(1);
    const bomb = await editZipParts(book, (parts) => {
      parts.set('xl/media/zeros.bin', Buffer.alloc(16 * 1024 * 1024));
    });
    const issues = await refused(bomb);
    expect(issues.map((i) => i.message).join('\n')).toContain('zip爆弾');
  });
});

// LibreOffice is installed by scripts/test.sh (libreoffice-calc-nogui); this test must not be skipped.
const office = ['soffice', 'libreoffice'].find((name) => spawnSync('which', [name]).status === 0);

async function convert(buffer: Buffer, filter: string): Promise<{ dir: string; files: string[] }> {
  if (office === undefined) throw new Error('LibreOffice (soffice) is not installed: run scripts/test.sh');
  const dir = await mkdtemp(join(tmpdir(), 'shinchoku-survey-'));
  await writeFile(join(dir, 'survey.xlsx'), buffer);
  const out = join(dir, 'out');
  execFileSync(office, ['--headless', '--convert-to', filter, '--outdir', out, join(dir, 'survey.xlsx')], {
    env: { ...process.env, HOME: dir },
    stdio: 'pipe',
    timeout: 120_000,
  });
  return { dir, files: (await readdir(out)).map((name) => join(out, name)) };
}

describe('the 調査票 in LibreOffice', () => {
  it('converts to PDF', async () => {
    const { dir, files } = await convert(book, 'pdf');
    try {
      expect(files).toHaveLength(1);
      expect((await readFile(files[0] ?? '')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('saved again by LibreOffice as xlsx after filling in, reads back with the answers', async () => {
    const filled = await fill({ G8: '658,815', H8: '確定', B10: '【達成】' });
    const { dir, files } = await convert(filled, 'xlsx:Calc MS Excel 2007 XML');
    try {
      const upload = unwrap(await readSurveyWorkbook(await readFile(files[0] ?? ''), expected));
      expect(upload.kpis[0]).toMatchObject({ value: '658,815', provisional: false });
      expect(upload.analyses[0]?.text).toBe('【達成】');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
