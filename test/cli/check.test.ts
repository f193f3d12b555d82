import { beforeAll, describe, expect, it } from 'vitest';
import { CLEAN_FIXTURE, JAPANESE, runCli, runJson } from './cli-harness.ts';

interface FindingJson {
  code: string;
  severity: string;
  where: { path: string; label: string; goal?: string; measure?: string; kpi?: string };
  message: string;
}
interface FindingsJson {
  fiscalYear: number;
  counts: { error: number; warning: number; info: number };
  findings: FindingJson[];
}

let result: { code: number; json: FindingsJson };
const findings = (code: string): FindingJson[] => result.json.findings.filter((f) => f.code === code);
const one = (code: string, where: Partial<FindingJson['where']> = {}): FindingJson => {
  const found = findings(code).filter((f) =>
    Object.entries(where).every(([k, v]) => f.where[k as 'path'] === v),
  );
  expect(found, `${code} ${JSON.stringify(where)}`).toHaveLength(1);
  return found[0] as FindingJson;
};

beforeAll(async () => {
  result = await runJson<FindingsJson>('check');
});

describe('shinchoku check on the bundled dataset', () => {
  it('exits 1 because the published report has errors', () => {
    expect(result.code).toBe(1);
    expect(result.json.fiscalYear).toBe(2024);
    expect(result.json.counts.error).toBeGreaterThan(0);
    expect(result.json.findings.filter((f) => f.severity === 'error')).toHaveLength(result.json.counts.error);
  });

  it('flags the row printed with two labels', () => {
    const f = one('published-label-multiple', { measure: 'local-products-digital-marketing' });
    expect(f.severity).toBe('error');
    expect(f.message).toContain('【未達成】');
    expect(f.message).toContain('【達成】');
  });

  it('flags the KPI whose unit changes (回/年 vs 人/年)', () => {
    const f = one('kpi-unit-mismatch', { kpi: 'telework-mobile-work' });
    expect(f.message).toContain('回/年');
    expect(f.message).toContain('人/年');
  });

  it('flags the cumulative KPI below its baseline', () => {
    const f = one('cumulative-below-baseline', { kpi: 'free-wifi-sites' });
    expect(f.severity).toBe('error');
    expect(f.message).toContain('491');
    expect(f.message).toContain('915');
  });

  it('recomputes the summary page: 29.0億円 printed, 28.9億円 from the data', () => {
    const f = one('summary-figure-mismatch', { goal: 'local' });
    expect(f.severity).toBe('error');
    expect(f.message).toContain('29.0');
    expect(f.message).toContain('28.9');
    expect(f.where.path).toBe('publishedSummaries[0].goals[1]');
  });

  it('flags the three boxes labelled R5 that carry R6 figures', () => {
    const labels = findings('summary-label-year');
    expect(labels.map((f) => f.where.goal)).toEqual(['citizen', 'local', 'business']);
    for (const f of labels) expect(f.message).toContain('R5関連事業');
  });

  it('flags the per-goal differences that do not add up to the total and the mixed rounding', () => {
    const sum = one('summary-differences-sum');
    expect(sum.message).toContain('+8.4億円');
    expect(sum.message).toContain('+8.2億円');
    const rounding = one('summary-rounding-inconsistent');
    expect(rounding.message).toContain('切り捨て');
    expect(rounding.message).toContain('切り上げ');
  });

  it('flags the headline card time point, the KPI shown twice and a value from another year', () => {
    const card = one('headline-time-point-mismatch', { kpi: 'ict-teaching-ability' });
    expect(card.message).toContain('R2');
    expect(card.message).toContain('R元年度');
    expect(one('kpi-shown-twice', { kpi: 'ict-teaching-ability' }).message).toContain('2か所');
    const other = findings('value-from-other-year');
    expect(other.map((f) => f.where.kpi)).toContain('ict-teaching-ability');
    expect(other.find((f) => f.where.kpi === 'ict-teaching-ability')?.message).toContain('令和5年度');
  });

  it('flags a percentage above 100', () => {
    const f = one('percentage-above-100', { kpi: 'video-conference-terminals' });
    expect(f.message).toContain('101.2');
  });

  it('gives every finding a code, a severity, a location and a Japanese message', () => {
    expect(result.json.findings.length).toBe(
      result.json.counts.error + result.json.counts.warning + result.json.counts.info,
    );
    for (const f of result.json.findings) {
      expect(f.code).toMatch(/^[a-z0-9-]+$/);
      expect(['error', 'warning', 'info']).toContain(f.severity);
      expect(f.where.path, f.code).toMatch(/^[a-zA-Z]+(\[\d+\])?/);
      expect(f.where.label, f.code).not.toBe('');
      expect(f.message, f.code).toMatch(JAPANESE);
    }
  });

  it('table: lists findings most severe first with their code and path', async () => {
    const { code, out } = await runCli('check');
    expect(code).toBe(1);
    const { error, warning, info } = result.json.counts;
    expect(out).toContain(`エラー ${error}件 / 警告 ${warning}件 / 情報 ${info}件`);
    expect(out).toContain('(published-label-multiple — measures[7])');
    const firstWarning = out.indexOf('[警告]');
    const lastError = out.lastIndexOf('[エラー]');
    expect(lastError).toBeGreaterThan(0);
    expect(firstWarning).toBeGreaterThan(lastError);
  });

  it('csv: one row per finding', async () => {
    const { code, out } = await runCli('check', '--format', 'csv');
    expect(code).toBe(1);
    const lines = out.split(/\r?\n/).filter((l) => l !== '');
    expect(lines.length).toBeGreaterThan(result.json.findings.length);
    expect(out).toContain('summary-figure-mismatch');
  });
});

describe('shinchoku check on a clean dataset', () => {
  it('exits 0 and says no problems were found', async () => {
    const { code, out, err } = await runCli('check', '--data', CLEAN_FIXTURE);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('エラー 0件 / 警告 0件 / 情報 0件');
    expect(out).toContain('問題は見つかりませんでした');
  });

  it('json: no findings', async () => {
    const { code, json } = await runJson<FindingsJson>('check', '--data', CLEAN_FIXTURE);
    expect(code).toBe(0);
    expect(json.findings).toEqual([]);
    expect(json.counts).toEqual({ error: 0, warning: 0, info: 0 });
  });

  it('the clean dataset evaluates and sums as expected', async () => {
    const summary = await runCli('summary', '--data', CLEAN_FIXTURE);
    expect(summary.code).toBe(0);
    expect(summary.out).toMatch(/合計\s+4件\s+\+1件\s+150,500\s+1\.5億円\s+\+0\.3億円/);
    const evaluation = await runCli('evaluate', '--data', CLEAN_FIXTURE);
    expect(evaluation.out).toContain('【達成】 電子申請の推進');
    expect(evaluation.out).toContain('125%');
  });
});

describe('shinchoku check --fy R5', () => {
  it('does not hold the report year’s cards against another year, nor list units of values that year lacks', async () => {
    const { json } = await runJson<{
      findings: { code: string; message: string; where: { kpi?: string } }[];
    }>('check', '--fy', 'R5');
    expect(json.findings.filter((f) => f.code.startsWith('headline-'))).toEqual([]);
    const paperless = json.findings.find(
      (f) => f.code === 'kpi-unit-mismatch' && f.where.kpi === 'paperless-meetings-held',
    );
    expect(paperless?.message).toContain('基準値 回');
    expect(paperless?.message).not.toContain('実績値');
  });
});
