import { TextDecoder } from 'node:util';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../../src/domain/plan/load.ts';
import { planToTables } from '../../src/domain/tables/to-tables.ts';
import { DOWNLOADS, downloadOf } from '../../src/http/api/downloads.ts';
import { createApp } from '../../src/http/app.tsx';
import { SiteData } from '../../src/http/site-data.ts';
import { readCsvZip } from '../../src/io/csv/csv-archive.ts';
import { planToJson } from '../../src/io/interchange/write-plan-file.ts';
import { readTablesXlsx } from '../../src/io/xlsx/xlsx-read.ts';
import { readZip } from '../../src/io/zip/zip-read.ts';
import { seedPlan } from '../support/plans.ts';

const plan = seedPlan();
const app = createApp(new SiteData(plan));

const NAME = 'みやぎ情報化推進ポリシー_令和6年度';
const FILES = [
  ['shinchoku-plan.json', 'application/json; charset=utf-8', `${NAME}_データ.json`],
  [
    'shinchoku-plan.xlsx',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    `${NAME}_データ.xlsx`,
  ],
  ['shinchoku-csv-utf8bom.zip', 'application/zip', `${NAME}_CSV_UTF-8_BOM付き.zip`],
  ['shinchoku-csv-sjis.zip', 'application/zip', `${NAME}_CSV_Shift_JIS.zip`],
  ['shinchoku-csv-utf8.zip', 'application/zip', `${NAME}_CSV_UTF-8.zip`],
] as const;

async function download(file: string) {
  const res = await app.request(`/data/download/${file}`);
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The file name of `filename*=UTF-8''…` and of `filename="…"`. */
function namesOf(disposition: string | null) {
  const extended = /filename\*=UTF-8''([^;\s]+)/.exec(disposition ?? '')?.[1];
  const plain = /filename="([^"]*)"/.exec(disposition ?? '')?.[1];
  return { extended: extended === undefined ? undefined : decodeURIComponent(extended), plain };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const csvEntries = async (bytes: Buffer) => {
  const entries = await readZip(bytes, 'test.zip', 'zipファイル');
  if (!entries.ok) throw new Error(JSON.stringify(entries.error));
  return new Map(entries.value.map((e) => [e.name, e.data]));
};

describe('GET /data/download/:file', () => {
  it.each(FILES)('%s: %s, attachment named 「%s」', async (file, type, name) => {
    const { res, bytes } = await download(file);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    const disposition = res.headers.get('content-disposition');
    expect(disposition).toMatch(
      /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%._~!#$&+^`|-]+$/,
    );
    expect(namesOf(disposition)).toEqual({ plain: file, extended: name });
  });

  it.each(FILES.filter(([file]) => !file.endsWith('.json')))('%s is a zip (starts with PK)', async (file) => {
    const { bytes } = await download(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('JSON: the plan as `shinchoku export --format json` writes it, and it loads', async () => {
    const { bytes } = await download('shinchoku-plan.json');
    const text = bytes.toString('utf8');
    expect(text).toBe(planToJson(plan.document));
    const loaded = loadPlan(JSON.parse(text));
    expect(loaded.ok).toBe(true);
  });

  it('xlsx: reads back to the same tables', async () => {
    const { bytes } = await download('shinchoku-plan.xlsx');
    const read = await readTablesXlsx(bytes);
    expect(read.ok && read.value).toEqual(planToTables(plan.document));
  });

  it('Shift_JIS zip: the CSV files are Shift_JIS bytes, not UTF-8, and read back', async () => {
    const { bytes } = await download('shinchoku-csv-sjis.zip');
    const files = await csvEntries(bytes);
    const planCsv = files.get('計画.csv');
    expect(planCsv).toBeDefined();
    if (planCsv === undefined) return;
    expect(planCsv.includes(iconv.encode('宮城県', 'cp932'))).toBe(true);
    expect(planCsv.includes(Buffer.from('宮城県', 'utf8'))).toBe(false);
    expect(() => strictUtf8.decode(planCsv)).toThrow();
    expect(iconv.decode(planCsv, 'cp932')).toContain('みやぎ情報化推進ポリシー');
    // It reads back; text differs only where Windows-31J spells a character otherwise (— → ―).
    const read = await readCsvZip(bytes);
    expect(read.ok && read.value.kpi_values.length).toBe(planToTables(plan.document).kpi_values.length);
  });

  it('UTF-8 zips: with a BOM by default, without it in the utf8 variant', async () => {
    const bom = await csvEntries((await download('shinchoku-csv-utf8bom.zip')).bytes);
    const plain = await csvEntries((await download('shinchoku-csv-utf8.zip')).bytes);
    const withBom = bom.get('KPI値.csv');
    const withoutBom = plain.get('KPI値.csv');
    expect(withBom?.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(withoutBom?.subarray(0, 3)).not.toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(strictUtf8.decode(withoutBom)).toContain('KPI ID');
    expect([...bom.keys()]).toEqual(expect.arrayContaining(['README.txt', 'metadata.json']));
  });

  it('generates each file once per plan and serves the same bytes again', async () => {
    const spec = DOWNLOADS[0];
    if (spec === undefined) throw new Error('no downloads');
    expect(downloadOf(plan, spec)).toBe(downloadOf(plan, spec));
    const first = await download(spec.file);
    const second = await download(spec.file);
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });

  it.each([
    'nope.csv',
    'shinchoku-plan.yaml',
    '..%2F..%2Fpackage.json',
    '%2Fetc%2Fpasswd',
    'shinchoku-plan.json.',
  ])('answers %s with a 404 page', async (file) => {
    const res = await app.request(`/data/download/${file}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-disposition')).toBeNull();
  });
});

describe('GET /data', () => {
  it('lists the files with names, encodings, sizes, the tables and the licence', async () => {
    const res = await app.request('/data');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    for (const [file, , name] of FILES) {
      expect(html).toContain(`href="/data/download/${file}"`);
      expect(html).toContain(name);
    }
    for (const encoding of ['UTF-8（BOM付き）', 'Shift_JIS（Windows-31J）', 'UTF-8（BOMなし）'])
      expect(html).toContain(encoding);
    const { bytes } = await download('shinchoku-plan.json');
    expect(html).toContain(`${new Intl.NumberFormat('ja-JP').format(bytes.length)}バイト`);
    expect(html).toContain('CC BY 4.0');
    expect(html).toContain('公共データ利用規約');
    expect(html).toContain('KPI値.csv');
    expect(html).toContain('KPI × 年度 × 区分で1行');
    expect(html).toContain('<caption id="data-files-caption">ダウンロードできるファイル</caption>');
    expect(html.match(/<table/g)?.length).toBe(html.match(/<caption/g)?.length);
    expect(html).not.toContain('<script');
    expect(html).toContain('aria-current="page"');
  });
});
