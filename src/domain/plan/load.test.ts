import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedDocument } from '../../../test/support/plans.ts';
import { loadPlan } from './load.ts';
import { DEFAULT_RULES } from './rules.ts';

const issuesOf = (doc: unknown) => {
  const result = loadPlan(doc);
  if (result.ok) throw new Error('expected the dataset to be rejected');
  return result.error;
};

describe('loadPlan', () => {
  it('loads the whole seed: 7 goals and sub-areas, 27 measures, 9 departments', () => {
    const result = loadPlan(seedDocument());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const plan = result.value;
    expect(plan.measures.size).toBe(27);
    expect(plan.departments.size).toBe(9);
    expect([...plan.goals.keys()]).toEqual([
      'citizen',
      'local',
      'business',
      'foundation',
      'municipal',
      'prefecture',
      'prefecture-systems',
      'prefecture-security',
      'prefecture-talent',
    ]);
    expect(plan.reportYear).toBe(2024);
    expect(plan.document.plan.rules).toEqual(DEFAULT_RULES);
    // the KPI shared by two measures is one KPI shown twice
    expect(plan.kpiMeasures.get('ict-teaching-ability')?.map((m) => m.id)).toEqual([
      'education-informatisation',
      'ict-lesson-improvement',
    ]);
  });

  it('keeps missing markers as typed missing values, never 0', () => {
    const result = loadPlan(seedDocument());
    if (!result.ok) throw new Error('seed invalid');
    expect(result.value.kpis.get('seminar-satisfaction')?.baseline?.value).toEqual({
      kind: 'missing',
      reason: 'not-measured',
      marker: '未計測',
    });
    expect(result.value.kpis.get('telework-pc-utilisation')?.actuals[0]?.value).toMatchObject({
      kind: 'missing',
      reason: 'no-value',
    });
  });

  it('rejects a broken value with its path and a Japanese message', () => {
    const doc = seedDocument();
    doc.measures[0].kpis[0].actuals[0].value = '12,3x';
    expect(issuesOf(doc)).toEqual([
      { path: 'measures[0].kpis[0].actuals[0].value', message: expect.stringContaining('「12,3x」') },
    ]);
  });

  it('rejects a malformed era string with its path', () => {
    const doc = seedDocument();
    doc.measures[1].kpis[0].baseline.asOf = 'R0.13';
    const [issue] = issuesOf(doc);
    expect(issue?.path).toBe('measures[1].kpis[0].baseline.asOf');
    expect(issue?.message).toMatch(/R0\.13/);
  });

  it('rejects unknown goal, department and KPI references, and duplicate ids, all at once', () => {
    const doc = seedDocument();
    doc.measures[2].goal = 'nowhere';
    doc.measures[3].department = 'no-such-division';
    doc.measures[25].kpis[0].ref = 'no-such-kpi';
    doc.measures[5].id = doc.measures[4].id;
    doc.projects[0].goal = 'nowhere-else';
    const paths = issuesOf(doc).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'measures[2].goal',
        'measures[3].department',
        'measures[25].kpis[0].ref',
        'measures[5].id',
        'projects[0].goal',
      ]),
    );
  });

  it('lists schema, reference and period problems together, in the order of the file', () => {
    const doc = seedDocument();
    doc.projects[0].fiscalYear = 'R99'; // period
    doc.measures[10].department = 'nobody'; // reference
    doc.measures[2].kpis[0].actuals[0].value = '12,3x'; // schema
    doc.report.title = ''; // schema, earlier in the file
    expect(issuesOf(doc).map((i) => i.path)).toEqual([
      'report.title',
      'measures[2].kpis[0].actuals[0].value',
      'measures[10].department',
      'projects[0].fiscalYear',
    ]);
  });

  it('reads stored data without checking its years again (a publication cannot be corrected), never its references', () => {
    const doc = seedDocument();
    doc.projects[0].fiscalYear = 'R99';
    expect(issuesOf(doc).map((i) => i.path)).toEqual(['projects[0].fiscalYear']);
    const stored = loadPlan(doc, { storedYears: true });
    expect(stored.ok && stored.value.document.projects[0]?.fiscalYear).toBe(2117);
    doc.measures[10].department = 'nobody';
    expect(loadPlan(doc, { storedYears: true }).ok).toBe(false);
  });

  it('does not report every reference when the list they point into is missing', () => {
    const doc = seedDocument();
    delete doc.departments;
    expect(issuesOf(doc)).toEqual([{ path: 'departments', message: '必須の項目がありません' }]);
  });

  it('shows a measure under further goals (alsoUnder), the primary goal staying `goal`', () => {
    const doc = seedDocument();
    expect(doc.measures[3].goal).toBe('citizen');
    doc.measures[3].alsoUnder = ['prefecture-talent', 'business'];
    const result = loadPlan(doc);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const measure = result.value.document.measures[3];
    expect(measure?.alsoUnder).toEqual(['prefecture-talent', 'business']);
    expect(measure?.goal).toBe('citizen');
    expect(result.value.document.measures[0]?.alsoUnder).toEqual([]);
  });

  it('rejects an unknown, repeated or primary goal in alsoUnder, each at its path', () => {
    const doc = seedDocument();
    doc.measures[3].alsoUnder = ['prefecture-talent', 'nowhere', 'prefecture-talent', 'citizen'];
    // The schema's problems and the unknown reference in one list, in the order of the list.
    expect(issuesOf(doc)).toEqual([
      { path: 'measures[3].alsoUnder[1]', message: '目標コード「nowhere」は goals にありません' },
      {
        path: 'measures[3].alsoUnder[2]',
        message: '目標コード「prefecture-talent」が alsoUnder で重複しています',
      },
      {
        path: 'measures[3].alsoUnder[3]',
        message:
          '目標コード「citizen」はこの施策の goal（主たる目標）です。alsoUnder にはほかの目標を指定してください',
      },
    ]);
    doc.measures[3].alsoUnder = ['prefecture-talent', 'nowhere'];
    expect(issuesOf(doc)).toEqual([
      { path: 'measures[3].alsoUnder[1]', message: '目標コード「nowhere」は goals にありません' },
    ]);
  });

  it('rejects fractional 千円 amounts, unknown keys and a wrong format tag', () => {
    const doc = seedDocument();
    doc.projects[0].amountThousandYen = 1.5;
    doc.measures[0].kpis[0].directon = 'increase';
    doc.format = 'something-else/9';
    const issues = issuesOf(doc);
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['projects[0].amountThousandYen', 'measures[0].kpis[0]', 'format']),
    );
    expect(issues.find((i) => i.path === 'measures[0].kpis[0]')?.message).toContain('directon');
  });

  it('rejects something that is not a dataset at all without throwing', () => {
    for (const junk of [null, 42, 'text', [], {}]) expect(loadPlan(junk).ok).toBe(false);
  });

  it('never throws on damaged structure, and reports what it can read', () => {
    const doc = seedDocument();
    doc.goals.push(null, 5, { children: 'x', sections: [null, { headlineKpis: [7, { kpi: 9 }] }] });
    doc.measures[0].kpis.push(null, { ref: 5 }, { ref: 'no-such-kpi' });
    doc.measures[1].analyses = 'R99';
    doc.projects.push([], { goal: 'nowhere', fiscalYear: { year: 2117 } });
    const issues = issuesOf(doc);
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['measures[0].kpis[3].ref', 'projects[11].goal']),
    );
    fc.assert(
      fc.property(fc.jsonValue(), (junk) => {
        expect(loadPlan(junk).ok).toBe(false);
        const damaged = seedDocument();
        damaged.measures[0] = junk;
        damaged.goals[1].children = junk;
        loadPlan(damaged);
      }),
      { numRuns: 30 },
    );
  });

  it('takes the rule set from the plan, falling back to the defaults field by field', () => {
    const doc = seedDocument();
    doc.plan.rules = { summary: { okuYen: { digits: 1, mode: 'truncate' } } };
    const result = loadPlan(doc);
    if (!result.ok) throw new Error('invalid');
    expect(result.value.document.plan.rules.summary.okuYen.mode).toBe('truncate');
    expect(result.value.document.plan.rules.achievementRate).toEqual(DEFAULT_RULES.achievementRate);
  });
});

describe('the bundled dataset', () => {
  it('keeps grouped numbers inside initiative details whole (a YAML flow list splits at commas)', () => {
    const result = loadPlan(seedDocument());
    if (!result.ok) throw new Error('seed invalid');
    const details = [...result.value.goals.values()].flatMap(({ goal }) =>
      goal.sections.flatMap((s) => s.initiatives.flatMap((i) => i.details)),
    );
    expect(details).toContain('事業実施73回、申請数2,214件');
    expect(details).toContain('在宅勤務制度利用実績 2,921人日/年');
    expect(details).not.toContain('214件');
  });
});
