import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadBundled, runCli, STACK_LINE, TempDir } from './cli-harness.ts';

// Years outside the plan, bytes that are not UTF-8, and every problem of a file in one run — through
// `validate` and `import`; a refused import leaves the database exactly as it was.

const tmp = new TempDir();
beforeAll(() => tmp.open());
afterAll(() => tmp.close());

/** The stored plan, exported as JSON: equal before and after = nothing was written. */
async function stored(): Promise<string> {
  const out = tmp.path(`stored-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli('export', '--format', 'json', '--out', out);
  if (r.code !== 0) throw new Error(r.err);
  return readFile(out, 'utf8');
}

async function refusedImport(file: string): Promise<string> {
  const before = await stored();
  const r = await runCli('import', file);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toContain('データベースは変更していません');
  expect(r.err).not.toMatch(STACK_LINE);
  expect(await stored()).toBe(before);
  return r.err;
}

describe('a year outside the plan period (R99 = FY2117)', () => {
  let file: string;
  beforeAll(async () => {
    file = await tmp.writeMutated('r99.yaml', (d) => {
      d.measures[0].kpis[0].actuals[0].fiscalYear = 'R99';
    });
  });

  it('validate names the path and the period', async () => {
    const { code, out } = await runCli('validate', file);
    expect(code).toBe(1);
    expect(out).toContain('1件の問題があります');
    expect(out).toContain(
      '  measures[0].kpis[0].actuals[0].fiscalYear: 令和99年度（2117年度）は計画期間（令和3年度〜令和6年度）の外です。',
    );
  });

  it('import refuses it with the same line and writes nothing', async () => {
    const err = await refusedImport(file);
    expect(err).toContain('measures[0].kpis[0].actuals[0].fiscalYear: 令和99年度（2117年度）は計画期間');
  });

  it('import refuses it in a CSV folder too', async () => {
    const folder = tmp.path('r99-csv');
    const exported = await runCli('export', '--format', 'csv', '--out', folder);
    expect(exported.code).toBe(0);
    const file = join(folder, 'KPI値.csv');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('open-data-datasets,actual,2024,');
    await writeFile(file, text.replace('open-data-datasets,actual,2024,', 'open-data-datasets,actual,2117,'));
    const err = await refusedImport(folder);
    expect(err).toContain('fiscalYear: 令和99年度（2117年度）は計画期間（令和3年度〜令和6年度）の外です');
  });

  it('import lists it beside the problems found table by table', async () => {
    const folder = tmp.path('r99-and-abc-csv');
    expect((await runCli('export', '--format', 'csv', '--out', folder)).code).toBe(0);
    const edit = async (name: string, from: string, to: string) => {
      const text = await readFile(join(folder, name), 'utf8');
      expect(text).toContain(from);
      await writeFile(join(folder, name), text.replace(from, to));
    };
    await edit('KPI値.csv', 'open-data-datasets,actual,2024,', 'open-data-datasets,actual,2117,');
    await edit('施策.csv', ',kikaku-digital,', ',no-such-division,');
    const err = await refusedImport(folder);
    expect(err).toContain('2件の問題');
    expect(err).toMatch(/施策 \d+行目 .*no-such-division/);
    expect(err).toContain('fiscalYear: 令和99年度（2117年度）は計画期間');
  });

  it('the year before the period is accepted for an actual (前年度 of R3)', async () => {
    const ok = await tmp.writeMutated('r2-actual.yaml', (d) => {
      d.measures[0].kpis[0].actuals.unshift({ fiscalYear: 'R2', value: 300 });
    });
    const { code, out } = await runCli('validate', ok);
    expect(out).toContain('問題はありません');
    expect(code).toBe(0);
  });
});

describe('bytes that are not UTF-8', () => {
  const withBadByte = async (name: string, text: string, marker: string) => {
    const [head, tail] = text.split(marker) as [string, string];
    const path = tmp.path(name);
    await writeFile(path, Buffer.concat([Buffer.from(head), Buffer.from([0x8b, 0x7b]), Buffer.from(tail)]));
    return path;
  };
  let yaml: string;
  let json: string;
  beforeAll(async () => {
    const doc = await loadBundled();
    // 「宮城県」 written in Shift_JIS for its first character, inside an otherwise UTF-8 file.
    doc.organisation.name = '@@県';
    const yamlText = stringify(doc);
    const yamlLine = yamlText.split('\n').findIndex((l) => l.includes('@@')) + 1;
    expect(yamlLine).toBeGreaterThan(1);
    yaml = await withBadByte('sjis-name.yaml', yamlText.replace('@@', 'X'), 'X');
    json = await withBadByte('sjis-name.json', JSON.stringify(doc, null, 2).replace('@@', 'X'), 'X');
  });

  it('validate refuses a YAML file with the line and column of the first bad byte', async () => {
    const text = await readFile(yaml, 'latin1');
    const line = text.slice(0, text.indexOf('\x8b')).split('\n').length;
    const { code, out } = await runCli('validate', yaml);
    expect(code).toBe(1);
    expect(out).toContain(`  (ファイル): ${yaml} の文字コードを読み取れません: ${line}行目 `);
    expect(out).toContain('UTF-8 として不正なバイト（0x8B）');
  });

  it('validate refuses a JSON file the same way (organisation.name is on line 4 of the JSON)', async () => {
    const { code, out } = await runCli('validate', json);
    expect(code).toBe(1);
    // {, "format", "organisation": {, "name": "…" → line 4, after 5 characters of `"name": "` indented by 4.
    expect(out).toContain(
      `${json} の文字コードを読み取れません: 4行目 14文字目に UTF-8 として不正なバイト（0x8B）`,
    );
  });

  it.each(['yaml', 'json'])('import refuses the %s file and writes nothing', async (kind) => {
    const err = await refusedImport(kind === 'yaml' ? yaml : json);
    expect(err).toContain('文字コードを読み取れません');
    expect(err).not.toContain('\ufffd');
  });
});

describe('every problem of a file in one run', () => {
  let file: string;
  beforeAll(async () => {
    file = await tmp.writeMutated('everything.yaml', (d) => {
      d.projects[0].fiscalYear = 'R99'; // period
      d.measures[10].department = 'nobody'; // reference
      d.measures[2].kpis[0].actuals[0].value = '12,3x'; // schema
      d.report.title = ''; // schema, earlier in the file
    });
  });
  const expected = [
    '  report.title: 空欄にはできません',
    '  measures[2].kpis[0].actuals[0].value: ',
    '  measures[10].department: 所属コード「nobody」は departments にありません',
    '  projects[0].fiscalYear: 令和99年度（2117年度）は計画期間',
  ];
  const linesOf = (text: string) => text.split('\n').filter((l) => l.startsWith('  '));

  it('validate lists schema, reference and period problems together, in file order', async () => {
    const { code, out } = await runCli('validate', file);
    expect(code).toBe(1);
    expect(out).toContain('4件の問題があります');
    const lines = linesOf(out);
    expect(lines).toHaveLength(4);
    for (const [i, start] of expected.entries()) expect(lines[i]?.startsWith(start), lines[i]).toBe(true);
  });

  it('import refuses it with the same complete list', async () => {
    const err = await refusedImport(file);
    expect(err).toContain('4件の問題');
    const validate = linesOf((await runCli('validate', file)).out);
    expect(linesOf(err)).toEqual(validate);
  });
});
