// Text staff type is shown on staff pages, public pages, the report and the open-data files: markup in it must come
// out escaped in every HTML response, stay plain data in JSON, and a formula must not run in a spreadsheet.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readZip } from '../../src/io/zip/zip-read.ts';
import { DATABASE_TARGETS } from '../support/databases.ts';
import { formFields } from '../support/html-forms.ts';
import { type Browser, openStaffApp, type StaffHarness, signedIn } from '../support/staff-app.ts';

const MEASURE = 'ict-company-location';
const KPI = 'ict-company-locations';
const FORM = `/admin/measures/${MEASURE}/years/2024`;
const ANALYSIS = '<script>alert(1)</script><img src=x onerror=alert(2)>';
const NOTE = '"><svg onload=alert(3)>';
const FORMULA = '=HYPERLINK("http://x")';

/** Markup that would run if it reached a page unescaped. */
const LIVE = ['<script>alert(1)', '<img src=x', '<svg onload', 'onerror=alert(2)>', 'onload=alert(3)>'];
const ESCAPED_ANALYSIS = '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;';
const ESCAPED_NOTE = '&quot;&gt;&lt;svg onload=alert(3)&gt;';

/** Saves the analysis (and optionally the KPI note) through the answer form as editor A. */
async function saveAnswer(editor: Browser, analysis: string, note?: string) {
  const { _csrf, ...fields } = formFields(await (await editor.get(FORM)).text());
  const res = await editor.post(FORM, {
    ...fields,
    analysis,
    ...(note === undefined ? {} : { [`kpi.${KPI}.note`]: note }),
    intent: 'save',
  });
  expect(res.status).toBe(303);
}

/** The text of every CSV file of an open-data zip, decoded. */
async function csvTexts(app: StaffHarness['app'], file: string): Promise<string[]> {
  const res = await app.request(`/data/download/${file}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).not.toMatch(/html/);
  const entries = await readZip(Buffer.from(await res.arrayBuffer()), file, 'zip');
  if (!entries.ok) throw new Error(JSON.stringify(entries.error));
  return entries.value
    .filter((e) => e.name.endsWith('.csv'))
    .map((e) => (file.includes('sjis') ? iconv.decode(e.data, 'cp932') : e.data.toString('utf8')));
}

/** The XML parts of an xlsx file. */
async function xlsxXml(bytes: ArrayBuffer): Promise<string> {
  const entries = await readZip(Buffer.from(bytes), 'book.xlsx', 'xlsx');
  if (!entries.ok) throw new Error(JSON.stringify(entries.error));
  return entries.value
    .filter((e) => e.name.endsWith('.xml'))
    .map((e) => e.data.toString('utf8'))
    .join('\n');
}

describe.each(DATABASE_TARGETS)('markup and formulas typed by staff on $name', (target) => {
  let h: StaffHarness;
  let editor: Browser;
  let admin: Browser;
  beforeAll(async () => {
    h = await openStaffApp(target);
    editor = await signedIn(h.app, 'editorA');
    admin = await signedIn(h.app, 'admin');
  });
  afterAll(() => h.close());

  it('markup in an analysis and a note is escaped on every HTML page it appears on', async () => {
    await saveAnswer(editor, ANALYSIS, NOTE);
    const pages: [Browser | undefined, string][] = [
      [editor, FORM],
      [editor, `${FORM}?saved=1`],
      [editor, `/admin/measures/${MEASURE}/history`],
      [admin, `/admin/measures/${MEASURE}/history`],
      [admin, '/admin/history'],
      [admin, '/admin'],
      [undefined, `/measures/${MEASURE}`],
      [undefined, `/measures/${MEASURE}?fy=2024`],
      [undefined, '/'],
      [undefined, '/kpis'],
      [undefined, '/checks'],
      [undefined, '/data'],
      [undefined, '/api'],
      [undefined, '/data/report/shinchoku-report.html'],
      [undefined, '/goals/local'],
    ];
    const bodies = new Map<string, string>();
    for (const [browser, url] of pages) {
      const res = browser === undefined ? await h.app.request(url) : await browser.get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toMatch(/^text\/html/);
      const html = await res.text();
      for (const live of LIVE) expect(html, `${url} contains ${live}`).not.toContain(live);
      bodies.set(`${browser === admin ? 'admin ' : ''}${url}`, html);
    }
    // Shown, escaped, where the analysis belongs.
    for (const url of [
      FORM,
      `/admin/measures/${MEASURE}/history`,
      'admin /admin/history',
      `/measures/${MEASURE}`,
      '/data/report/shinchoku-report.html',
    ]) {
      expect(bodies.get(url), url).toContain(ESCAPED_ANALYSIS);
    }
    expect(bodies.get(FORM)).toContain(ESCAPED_NOTE);
    expect(bodies.get(`/admin/measures/${MEASURE}/history`)).toContain(ESCAPED_NOTE);
  });

  it('in JSON the text is data: served as application/json, exactly as typed', async () => {
    const pub = await h.app.request(`/api/v1/measures/${MEASURE}`);
    expect(pub.headers.get('content-type')).toMatch(/^application\/json/);
    expect(pub.headers.get('x-content-type-options')).toBe('nosniff');
    expect(JSON.stringify(await pub.json())).toContain(JSON.stringify(ANALYSIS).slice(1, -1));
    const staff = await editor.get(`/api/v1/admin/measures/${MEASURE}/analyses/2024`);
    expect(staff.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await staff.json()) as { text: string }).text).toBe(ANALYSIS);
    const actual = await editor.get(`/api/v1/admin/kpis/${KPI}/actuals/2024`);
    expect(((await actual.json()) as { note: string }).note).toBe(NOTE);
  });

  it('downloads are files, never HTML: the markup is plain text inside them', async () => {
    for (const file of ['shinchoku-csv-utf8.zip', 'shinchoku-csv-utf8bom.zip', 'shinchoku-csv-sjis.zip']) {
      const all = (await csvTexts(h.app, file)).join('\n');
      expect(all, file).toContain('<script>alert(1)</script>');
    }
    for (const path of ['/data/download/shinchoku-plan.xlsx', '/data/report/shinchoku-report.xlsx']) {
      const res = await h.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/spreadsheetml/);
      expect(res.headers.get('content-disposition'), path).toMatch(/^attachment/);
    }
    const history = await admin.get('/admin/history.csv');
    expect(history.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(history.headers.get('content-disposition')).toMatch(/^attachment/);
  });

  it('a formula typed as an analysis is neutralised in CSV downloads and never becomes an xlsx formula', async () => {
    await saveAnswer(editor, FORMULA);
    // A cell starting with = (bare or quoted) would run in a spreadsheet; 「'=」 is shown as text.
    const bare = /(^|[,\n])"?=HYPERLINK/m;
    for (const file of ['shinchoku-csv-utf8.zip', 'shinchoku-csv-utf8bom.zip', 'shinchoku-csv-sjis.zip']) {
      const all = (await csvTexts(h.app, file)).join('\n');
      expect(all, file).toContain(`'=HYPERLINK(""http://x"")`);
      expect(all, file).not.toMatch(bare);
    }
    const history = await (await admin.get('/admin/history.csv')).text();
    expect(history).toContain(`'=HYPERLINK(""http://x"")`);
    expect(history).not.toMatch(bare);

    for (const path of ['/data/download/shinchoku-plan.xlsx', '/data/report/shinchoku-report.xlsx']) {
      const xml = await xlsxXml(await (await h.app.request(path)).arrayBuffer());
      expect(xml, path).toContain('HYPERLINK');
      expect(xml, path).not.toMatch(/<f>[^<]*HYPERLINK/);
    }
  });
});
