import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../../src/domain/evaluation/plan-evaluation.ts';
import { summaryOutput } from '../../src/domain/output/summary-output.ts';
import { rollUpProjects } from '../../src/domain/rollup/goal-rollup.ts';
import type { KpiValuesOutput } from '../../src/http/api/kpi-values.ts';
import { createApp } from '../../src/http/app.tsx';
import { SiteData } from '../../src/http/site-data.ts';
import { BUNDLED, runJson } from '../cli/cli-harness.ts';
import { planFrom, seedDocument, seedPlan } from '../support/plans.ts';

const plan = seedPlan();
const app = createApp(new SiteData(plan));

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
async function get(path: string): Promise<{ status: number; type: string | null; body: any }> {
  const res = await app.request(path);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

const JSON_TYPE = /^application\/json/;

describe('GET /api/v1/summary', () => {
  it('answers the FY2024 roll-up: 184件, 7,049,270千円', async () => {
    const { status, type, body } = await get('/api/v1/summary');
    expect(status).toBe(200);
    expect(type).toMatch(JSON_TYPE);
    expect(body.fiscalYear).toBe(2024);
    expect(body.total).toMatchObject({ projects: 184, amountThousandYen: 7049270 });
    expect(body.total.difference).toEqual({ projects: 8, amountThousandYen: 817018 });
    expect(body.goals.find((g: { code: string }) => g.code === 'citizen')).toMatchObject({
      projects: 61,
      amountThousandYen: 1828557,
    });
  });

  it('is the domain summaryOutput object, serialised', async () => {
    const expected = summaryOutput(plan, rollUpProjects(plan, 2024), evaluatePlan(plan, 2024).counts);
    expect((await get('/api/v1/summary?fy=2024')).body).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it.each(['2024', 'R6', '令和6年度', 'FY2024', 'Ｒ６年度'])('reads fy=%s as 2024', async (fy) => {
    const { status, body } = await get(`/api/v1/summary?fy=${encodeURIComponent(fy)}`);
    expect(status).toBe(200);
    expect(body.fiscalYear).toBe(2024);
  });

  it('answers another year with data (FY2023: 176件)', async () => {
    const { body } = await get('/api/v1/summary?fy=R5');
    expect(body.total.projects).toBe(176);
    expect(body.total.previous).toBeNull();
  });

  it('is a 404, not 0件, for a year with KPI values but no 関連事業 figures', async () => {
    const { status, body } = await get('/api/v1/summary?fy=2022');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('令和4年度の関連事業');
  });
});

describe('the CLI contracts', () => {
  it.each([
    ['summary', '/api/v1/summary?fy=2024'],
    ['evaluate', '/api/v1/measures?fy=2024'],
    ['check', '/api/v1/findings?fy=2024'],
  ])('`shinchoku %s --format json` and %s give the same JSON', async (command, path) => {
    const cli = await runJson(command, '--data', BUNDLED, '--fy', '2024');
    expect((await get(path)).body).toEqual(cli.json);
  });
});

describe('GET /api/v1/measures', () => {
  it('evaluates the 27 measures, ai-iot-industry partially achieved', async () => {
    const { status, type, body } = await get('/api/v1/measures?fy=R6');
    expect(status).toBe(200);
    expect(type).toMatch(JSON_TYPE);
    expect(body.measures).toHaveLength(27);
    expect(body.counts).toEqual({ achieved: 18, partially_achieved: 1, not_achieved: 8, not_evaluable: 0 });
    const measure = body.measures.find((m: { id: string }) => m.id === 'ai-iot-industry');
    expect(measure.status).toBe('partially_achieved');
    expect(measure.statusLabel).toBe('一部達成');
  });

  it('gives rates raw, as numbers', async () => {
    const { body } = await get('/api/v1/measures');
    const card = body.headlineKpis.find((h: { kpi: { id: string } }) => h.kpi.id === 'digital-id-app-users');
    expect(card.kpi.achievementRate).toBeCloseTo(502.9122, 3);
    expect(card.kpi.display.achievementRate).toBe('502%');
  });
});

describe('GET /api/v1/findings', () => {
  it('lists the published report’s problems: 6 errors first', async () => {
    const { status, type, body } = await get('/api/v1/findings?fy=令和6年度');
    expect(status).toBe(200);
    expect(type).toMatch(JSON_TYPE);
    expect(body.counts.error).toBe(6);
    const errors = body.findings.filter((f: { severity: string }) => f.severity === 'error');
    expect(errors).toHaveLength(6);
    expect(body.findings.slice(0, 6)).toEqual(errors);
  });
});

describe('GET /api/v1/goals', () => {
  it('gives the goal tree with kinds, guidelines, initiatives and project figures by year', async () => {
    const { status, type, body } = await get('/api/v1/goals');
    expect(status).toBe(200);
    expect(type).toMatch(JSON_TYPE);
    expect(body.years).toEqual([2022, 2023, 2024]);
    expect(body.goals.map((g: { code: string }) => g.code)).toEqual([
      'citizen',
      'local',
      'business',
      'foundation',
    ]);
    const citizen = body.goals[0];
    expect(citizen).toMatchObject({ kind: 'priority', kindLabel: '重点目標', label: 'D for Citizen' });
    expect(citizen.projectFigures).toEqual([
      { fiscalYear: 2023, fiscalYearLabel: '令和5年度', projects: 60, amountThousandYen: 2022951 },
      { fiscalYear: 2024, fiscalYearLabel: '令和6年度', projects: 61, amountThousandYen: 1828557 },
    ]);
    expect(citizen.sections[0].guidelines).toEqual(['行政手続のオンライン化', 'キャッシュレス化等']);
    expect(citizen.sections[0].initiatives[0]).toMatchObject({
      text: 'みやぎ電子申請サービス リニューアル',
      date: 'R7.2',
    });
    expect(citizen.sections[2].headlineKpis[0]).toMatchObject({ kpi: 'digital-id-app-users', linked: false });
    const foundation = body.goals[3];
    expect(foundation.children.map((g: { code: string }) => g.code)).toEqual(['municipal', 'prefecture']);
    expect(foundation.children[1].children.map((g: { parent: string }) => g.parent)).toEqual([
      'prefecture',
      'prefecture',
      'prefecture',
    ]);
  });

  it('gives one goal with its subtree, and 404 for an unknown code', async () => {
    const prefecture = await get('/api/v1/goals/prefecture');
    expect(prefecture.status).toBe(200);
    expect(prefecture.body.code).toBe('prefecture');
    expect(prefecture.body.children).toHaveLength(3);
    const missing = await get('/api/v1/goals/no-such-goal');
    expect(missing.status).toBe(404);
    expect(missing.type).toMatch(JSON_TYPE);
    expect(missing.body.error).toMatchObject({ code: 'not_found', details: [{ path: 'path.code' }] });
    expect(missing.body.error.message).toContain('no-such-goal');
  });
});

describe('GET /api/v1/measures/{id}', () => {
  it('gives the evaluation of the year and every stored value of each KPI', async () => {
    const { status, body } = await get('/api/v1/measures/ict-lesson-improvement?fy=2024');
    expect(status).toBe(200);
    const evaluate = (await get('/api/v1/measures?fy=2024')).body.measures.find(
      (m: { id: string }) => m.id === 'ict-lesson-improvement',
    );
    expect(body.measure).toEqual(evaluate);
    expect(body.kpiValues.map((k: { id: string }) => k.id)).toEqual(
      body.measure.kpis.map((k: { id: string }) => k.id),
    );
    const open = (await get('/api/v1/measures/open-data-miyagi')).body.kpiValues[0];
    expect(open.baseline).toMatchObject({ value: 335, asOf: 'R3.3', fiscalYear: null });
    expect(open.targets.map((t: { fiscalYear: number; value: number }) => [t.fiscalYear, t.value])).toEqual([
      [2024, 500],
    ]);
  });

  it('lists targets and actuals over several years, ascending', async () => {
    // The seed's measure KPIs hold one year each; give open-data-datasets three, out of order.
    const document = seedDocument();
    const kpi = document.measures
      .flatMap((m: { kpis: { id?: string }[] }) => m.kpis)
      .find((k: { id?: string }) => k.id === 'open-data-datasets');
    kpi.targets = [
      { fiscalYear: 'R6', value: 500 },
      { fiscalYear: 'R5', value: 450 },
    ];
    kpi.actuals = [
      { fiscalYear: 'R6', value: 347 },
      { fiscalYear: 'R4', value: '未計測' },
      { fiscalYear: 'R5', value: 340 },
    ];
    const multiYear = createApp(new SiteData(planFrom(document)));
    const res = await multiYear.request('/api/v1/measures/open-data-miyagi?fy=2024');
    const series = ((await res.json()) as { kpiValues: KpiValuesOutput[] }).kpiValues[0];
    if (series === undefined) throw new Error('open-data-miyagi has a KPI');
    expect(series.targets.map((t) => [t.fiscalYear, t.value])).toEqual([
      [2023, 450],
      [2024, 500],
    ]);
    expect(series.actuals.map((a) => [a.fiscalYear, a.value, a.missing])).toEqual([
      [2022, null, 'not-measured'],
      [2023, 340, null],
      [2024, 347, null],
    ]);
    // 見込み: only the report year's actuals (report.actualsProvisional).
    expect(series.actuals.map((a) => a.provisional)).toEqual([false, false, true]);
  });

  it('is a 404 for an unknown id and a 400 for a malformed one', async () => {
    expect((await get('/api/v1/measures/no-such-measure')).status).toBe(404);
    const bad = await get('/api/v1/measures/Bad_Id');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'path.id', message: expect.stringContaining('Bad_Id') }]);
  });
});

describe('GET /api/v1/kpis/{id}', () => {
  it('gives digital-id-app-users: 502.91%, its values and the card that shows it', async () => {
    const { status, type, body } = await get('/api/v1/kpis/digital-id-app-users?fy=2024');
    expect(status).toBe(200);
    expect(type).toMatch(JSON_TYPE);
    expect(body.kpi.achievementRate).toBeCloseTo(502.91, 2);
    expect(body.kpi.status).toBe('achieved');
    expect(
      body.values.actuals.map((a: { fiscalYear: number; value: number }) => [a.fiscalYear, a.value]),
    ).toEqual([
      [2023, 129000],
      [2024, 658815],
    ]);
    expect(body.values.actuals[0].approximate).toBe(true);
    expect(body.values.targets).toHaveLength(1);
    expect(body.shownIn.measures).toEqual([]);
    expect(body.shownIn.cards).toEqual([
      expect.objectContaining({
        goal: 'citizen',
        guidelines: ['マイナンバーカードの普及促進'],
        linked: false,
      }),
    ]);
  });

  it('names every measure and card showing a KPI shown twice', async () => {
    const { body } = await get('/api/v1/kpis/ict-teaching-ability');
    expect(body.shownIn.measures.map((m: { id: string }) => m.id)).toEqual([
      'education-informatisation',
      'ict-lesson-improvement',
    ]);
    expect(body.shownIn.cards).toHaveLength(1);
  });

  it('evaluates the KPI for the year asked', async () => {
    const { body } = await get('/api/v1/kpis/digital-id-app-users?fy=2023');
    expect(body.fiscalYear).toBe(2023);
    expect(body.kpi.actual.fiscalYear).toBe(2023);
  });

  it('is a 404 for an unknown id', async () => {
    const { status, body } = await get('/api/v1/kpis/no-such-kpi');
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });
});

describe('bad parameters', () => {
  it.each([
    ['/api/v1/summary?fy=X9', 'query.fy', '「X9」は年度として読み取れません'],
    ['/api/v1/measures?fy=2030', 'query.fy', '令和12年度（2030年度）のデータはありません'],
    ['/api/v1/findings?fy=', 'query.fy', ''],
    ['/api/v1/summary?fy=2024&fy=2023', 'query.fy', 'fy は1つだけ'],
    ['/api/v1/summary?year=2023', 'query.year', '使えるパラメータ: fy'],
    ['/api/v1/goals?fy=2024', 'query.fy', '使えるパラメータ: なし'],
    ['/api/v1/kpis/digital-id-app-users?fy=H99', 'query.fy', ''],
    ['/api/v1/goals/CITIZEN', 'path.code', '目標コードの形式ではありません'],
  ])('%s → 400 naming %s', async (path, where, text) => {
    const { status, type, body } = await get(path);
    expect(status).toBe(400);
    expect(type).toMatch(JSON_TYPE);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.details.map((d: { path: string }) => d.path)).toEqual([where]);
    expect(body.error.details[0].message).toContain(text);
    const name = where.split('.')[1];
    expect(body.error.message).toContain(`パラメータ ${name} が正しくありません`);
  });

  it('never answers 500 to junk', async () => {
    for (const junk of [
      '%',
      '%E0%A4%A',
      '../../etc',
      'x'.repeat(5000),
      '<script>',
      '令和',
      '0',
      '-1',
      '1e9',
    ]) {
      const res = await app.request(`/api/v1/summary?fy=${encodeURIComponent(junk)}`);
      expect(res.status, junk).toBe(400);
    }
    expect((await app.request(`/api/v1/kpis/${'a'.repeat(200)}`)).status).toBe(400);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const { status, type, body } = await get('/api/v1/nothing-here');
    expect(status).toBe(404);
    expect(type).toMatch(JSON_TYPE);
    expect(body.error.code).toBe('not_found');
  });
});
