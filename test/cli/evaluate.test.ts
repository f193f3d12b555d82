import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from './cli-harness.ts';

interface ValueJson {
  value: number | null;
  fiscalYear: number | null;
  unit: string;
  missing: string | null;
}
interface KpiJson {
  id: string;
  name: string;
  unit: string;
  direction: 'increase' | 'decrease';
  baseline: ValueJson | null;
  target: ValueJson | null;
  actual: ValueJson | null;
  status: string;
  achievementRate: number | null;
  progressRate: number | null;
  display: { achievementRate: string | null; progressRate: string | null };
}
interface MeasureJson {
  id: string;
  goal: string;
  status: string;
  statusLabel: string;
  publishedLabels: string[];
  excludedKpis: string[];
  kpis: KpiJson[];
}
interface EvaluationJson {
  fiscalYear: number;
  counts: Record<string, number>;
  measures: MeasureJson[];
  headlineKpis: { goal: string; kpi: KpiJson }[];
}

let json: EvaluationJson;
const measure = (id: string): MeasureJson => {
  const m = json.measures.find((x) => x.id === id);
  if (m === undefined) throw new Error(`measure ${id} missing`);
  return m;
};
const kpi = (id: string): KpiJson => {
  const k = [...json.measures.flatMap((m) => m.kpis), ...json.headlineKpis.map((h) => h.kpi)].find(
    (x) => x.id === id,
  );
  if (k === undefined) throw new Error(`kpi ${id} missing`);
  return k;
};

beforeAll(async () => {
  const r = await runJson<EvaluationJson>('evaluate');
  expect(r.code).toBe(0);
  json = r.json;
});

describe('shinchoku evaluate --format json', () => {
  it('evaluates the 27 measures of FY2024', () => {
    expect(json.fiscalYear).toBe(2024);
    expect(json.measures).toHaveLength(27);
    expect(new Set(json.measures.map((m) => m.id)).size).toBe(27);
    expect(json.counts).toEqual({ achieved: 18, partially_achieved: 1, not_achieved: 8, not_evaluable: 0 });
  });

  it('judges each measure from its KPIs', () => {
    const statuses = Object.fromEntries(json.measures.map((m) => [m.id, m.status]));
    expect(statuses).toMatchObject({
      'open-data-miyagi': 'not_achieved',
      'free-wifi': 'not_achieved',
      'my-number-card': 'not_achieved',
      'education-informatisation': 'achieved',
      'local-5g-demonstration': 'achieved',
      'ai-iot-industry': 'partially_achieved',
      'local-products-digital-marketing': 'achieved',
      'rural-dx': 'not_achieved',
      telework: 'achieved',
      'paperless-meetings': 'not_achieved',
      'police-video-conference': 'achieved',
      'digital-advisor': 'not_achieved',
      'security-audit': 'achieved',
      'security-self-check': 'not_achieved',
      'dx-training': 'achieved',
      'ict-lesson-improvement': 'achieved',
    });
    expect(measure('ai-iot-industry').statusLabel).toBe('一部達成');
    expect(measure('ai-iot-industry').kpis.map((k) => k.status)).toEqual(['not_achieved', 'achieved']);
  });

  it('leaves a KPI without a value out of the judgement and says so (テレワーク)', () => {
    const m = measure('telework');
    expect(m.status).toBe('achieved');
    expect(m.excludedKpis).toEqual(['telework-pc-utilisation']);
    expect(kpi('telework-pc-utilisation').status).toBe('not_evaluable');
    expect(kpi('telework-pc-utilisation').achievementRate).toBeNull();
  });

  it('keeps the published labels as published, even two contradictory ones', () => {
    expect(measure('local-products-digital-marketing').publishedLabels).toEqual(['未達成', '達成']);
    expect(measure('open-data-miyagi').publishedLabels).toEqual(['未達成']);
  });

  it('computes 達成率 as actual ÷ target × 100 and prints it truncated', () => {
    const id = kpi('digital-id-app-users');
    expect(id.status).toBe('achieved');
    expect(id.achievementRate).toBeCloseTo((658815 / 131000) * 100, 6);
    expect(id.achievementRate).toBeCloseTo(502.9122, 4);
    expect(id.display.achievementRate).toBe('502%');
    const mobile = kpi('telework-mobile-work');
    expect(mobile.achievementRate).toBeCloseTo((301 / 300) * 100, 9);
    expect(mobile.display.achievementRate).toBe('100%');
    // 進捗率 is not computed: the baseline is in 回/年, target and actual in 人/年.
    expect(mobile.progressRate).toBeNull();
    expect(kpi('open-data-datasets').display).toEqual({ achievementRate: '69%', progressRate: '7%' });
  });

  it('judges decrease KPIs the other way round', () => {
    const incidents = kpi('security-incident-recurrences');
    expect(incidents.direction).toBe('decrease');
    expect(incidents.status).toBe('achieved');
    expect(incidents.achievementRate).toBeNull();
    expect(incidents.display.achievementRate).toBeNull();

    const paper = kpi('paper-reduction-rate');
    expect(paper.direction).toBe('decrease');
    expect(paper.status).toBe('not_achieved');
    expect(paper.achievementRate).toBeCloseTo((99.5 / 99.8) * 100, 9);
    expect(paper.achievementRate).toBeCloseTo(99.699, 3);
    expect(paper.progressRate).toBeCloseTo(40, 9);
    expect(measure('paperless-meetings').kpis.map((k) => k.status)).toEqual(['not_achieved', 'not_achieved']);
  });

  it('does not infer the direction from baseline vs target (セルフチェック実施率)', () => {
    const selfCheck = kpi('security-self-check-rate');
    expect(selfCheck.direction).toBe('increase');
    expect(selfCheck.status).toBe('not_achieved');
    expect(selfCheck.achievementRate).toBeCloseTo((93.56 / 95) * 100, 9);
  });

  it('uses the earlier year of a value printed in the FY2024 column', () => {
    const ict = kpi('ict-teaching-ability');
    expect(ict.actual?.fiscalYear).toBe(2023);
    expect(ict.actual?.value).toBe(74.7);
    expect(ict.status).toBe('achieved');
    expect(kpi('local-5g-projects').actual?.fiscalYear).toBe(2022);
    expect(kpi('local-5g-projects').target?.fiscalYear).toBe(2022);
  });

  it('keeps "no value" apart from zero', () => {
    const pc = kpi('telework-pc-utilisation');
    expect(pc.actual?.value).toBeNull();
    expect(pc.actual?.missing).not.toBeNull();
    expect(kpi('security-incident-recurrences').actual?.value).toBe(0);
  });

  it('gives every KPI the documented keys', () => {
    const all = [...json.measures.flatMap((m) => m.kpis), ...json.headlineKpis.map((h) => h.kpi)];
    expect(all.length).toBeGreaterThanOrEqual(34);
    for (const k of all) {
      for (const key of [
        'name',
        'unit',
        'direction',
        'baseline',
        'target',
        'actual',
        'status',
        'achievementRate',
        'progressRate',
      ]) {
        expect(k, `${k.id}.${key}`).toHaveProperty(key);
      }
      expect(['achieved', 'not_achieved', 'not_evaluable']).toContain(k.status);
    }
  });

  it('lists the headline KPI cards with their goal', () => {
    const card = json.headlineKpis.find((h) => h.kpi.id === 'digital-id-app-users');
    expect(card?.goal).toBe('citizen');
  });
});

describe('shinchoku evaluate (table and csv)', () => {
  it('prints each measure with its computed label and the KPI rates', async () => {
    const { code, out } = await runCli('evaluate');
    expect(code).toBe(0);
    expect(out).toContain('KPI設定施策の評価 令和6年度（2024年度）');
    expect(out).toContain('【一部達成】 AI・IoT産業創出・活用促進支援事業');
    expect(out).toContain('【未達成】 オープンデータみやぎ推進事業');
    const line = out.split('\n').find((l) => l.includes('オープンデータみやぎ公開数'));
    expect(line).toMatch(/335 \(R3\.3\)\s+500\s+347 見込\s+未達成\s+69%\s+7%/);
    expect(out).toContain('74.7 (R5年度)');
  });

  it('csv: one row per measure × KPI with numeric rates', async () => {
    const { code, out } = await runCli('evaluate', '--format', 'csv');
    expect(code).toBe(0);
    const lines = out.split(/\r?\n/).filter((l) => l !== '');
    expect(lines[0]?.split(',')).toContain('達成率(%)');
    const row = lines.find((l) => l.includes(',open-data-datasets,'));
    expect(row).toContain(',not_achieved,69.4,');
  });
});
