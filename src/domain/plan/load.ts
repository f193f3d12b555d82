import type { z } from 'zod';
import { err, ok, type Result } from '../result.ts';
import { type GoalNode, type Plan, walkGoals } from './model.ts';
import { type Kpi, type Measure, type PlanDocument, planDocumentSchema } from './schema.ts';

/** A problem in a dataset file, located by its path (e.g. `measures[3].kpis[0].baseline.asOf`). */
export interface PlanIssue {
  readonly path: string;
  readonly message: string;
}

/** Formats a zod path as `measures[3].kpis[0].name`. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>(
    (out, key) =>
      typeof key === 'number' ? `${out}[${key}]` : out === '' ? String(key) : `${out}.${String(key)}`,
    '',
  );

const zodIssues = (error: z.ZodError): PlanIssue[] =>
  error.issues.map((issue) => ({ path: formatPath(issue.path) || '(ルート)', message: messageOf(issue) }));

const TYPE_NAMES: Record<string, string> = {
  number: '数値',
  string: '文字列',
  boolean: 'true / false',
  array: 'リスト',
  object: '項目の集まり',
};

/** zod's default messages are English; schema fields carry their own Japanese messages, which win. */
function messageOf(issue: z.core.$ZodIssue): string {
  const own = !/^Invalid|^Too (small|big)|^Unrecognized/.test(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '必須の項目がありません';
      return own ? issue.message : `${TYPE_NAMES[issue.expected] ?? issue.expected}で入力してください`;
    case 'unrecognized_keys':
      return `不明な項目があります: ${issue.keys.join(', ')}`;
    case 'too_small':
      if (own) return issue.message;
      return issue.origin === 'array'
        ? `${issue.minimum}件以上必要です`
        : `${issue.minimum}以上で入力してください`;
    case 'too_big':
      return own ? issue.message : `${issue.maximum}以下で入力してください`;
    case 'invalid_value':
      return own ? issue.message : `使用できない値です（${issue.values.join(' / ')} のいずれか）`;
    case 'invalid_format':
      return own ? issue.message : '形式が正しくありません';
    default:
      return own ? issue.message : '値が正しくありません';
  }
}

/** Validates a parsed dataset (YAML or JSON) into a Plan, or lists every problem with its path. */
export function loadPlan(input: unknown): Result<Plan, PlanIssue[]> {
  // reportInput: tells an absent field (input undefined) from a wrongly typed one.
  const parsed = planDocumentSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return err(zodIssues(parsed.error));
  const issues: PlanIssue[] = [];
  const plan = indexPlan(parsed.data, issues);
  checkReferences(plan, issues);
  return issues.length > 0 ? err(issues) : ok(plan);
}

function indexPlan(document: PlanDocument, issues: PlanIssue[]): Plan {
  const goals = new Map<string, GoalNode>();
  for (const node of walkGoals(document.goals)) {
    if (goals.has(node.goal.code))
      issues.push({ path: `${node.path}.code`, message: `目標コード「${node.goal.code}」が重複しています` });
    goals.set(node.goal.code, node);
  }
  const departments = new Map(document.departments.map((d) => [d.code, d]));
  if (departments.size !== document.departments.length) {
    issues.push({ path: 'departments', message: '所属コードが重複しています' });
  }
  const measures = new Map<string, Measure>();
  const kpis = new Map<string, Kpi>();
  const addKpi = (kpi: Kpi, path: string) => {
    if (kpis.has(kpi.id)) issues.push({ path, message: `KPIのID「${kpi.id}」が重複しています` });
    kpis.set(kpi.id, kpi);
  };
  document.measures.forEach((measure, i) => {
    if (measures.has(measure.id))
      issues.push({ path: `measures[${i}].id`, message: `施策ID「${measure.id}」が重複しています` });
    measures.set(measure.id, measure);
    measure.kpis.forEach((entry, k) => {
      if (!('ref' in entry)) addKpi(entry, `measures[${i}].kpis[${k}].id`);
    });
  });
  for (const [, node] of goals) {
    node.goal.sections.forEach((section, s) => {
      section.headlineKpis.forEach((card, c) => {
        if (typeof card.kpi !== 'string')
          addKpi(card.kpi, `${node.path}.sections[${s}].headlineKpis[${c}].kpi.id`);
      });
    });
  }
  const kpiMeasures = new Map<string, Measure[]>();
  for (const measure of measures.values()) {
    for (const entry of measure.kpis) {
      const id = 'ref' in entry ? entry.ref : entry.id;
      kpiMeasures.set(id, [...(kpiMeasures.get(id) ?? []), measure]);
    }
  }
  return {
    document,
    reportYear: document.report.fiscalYear,
    goals,
    departments,
    measures,
    kpis,
    kpiMeasures,
  };
}

function checkReferences(plan: Plan, issues: PlanIssue[]): void {
  const { document } = plan;
  const goal = (code: string, path: string) => {
    if (!plan.goals.has(code)) issues.push({ path, message: `目標コード「${code}」は goals にありません` });
  };
  const department = (code: string, path: string) => {
    if (!plan.departments.has(code))
      issues.push({ path, message: `所属コード「${code}」は departments にありません` });
  };
  const kpi = (id: string, path: string) => {
    if (!plan.kpis.has(id))
      issues.push({ path, message: `KPI「${id}」はどの施策・関連KPIにも定義されていません` });
  };
  for (const [i, m] of document.measures.entries()) {
    goal(m.goal, `measures[${i}].goal`);
    for (const [k, code] of m.alsoUnder.entries()) goal(code, `measures[${i}].alsoUnder[${k}]`);
    department(m.department, `measures[${i}].department`);
    for (const [k, j] of m.jointMeasures.entries())
      department(j.department, `measures[${i}].jointMeasures[${k}].department`);
    for (const [k, entry] of m.kpis.entries()) {
      if ('ref' in entry) kpi(entry.ref, `measures[${i}].kpis[${k}].ref`);
    }
  }
  for (const [i, p] of document.projects.entries()) goal(p.goal, `projects[${i}].goal`);
  for (const [i, s] of document.publishedSummaries.entries()) {
    for (const [k, box] of s.goals.entries()) goal(box.goal, `publishedSummaries[${i}].goals[${k}].goal`);
  }
  for (const node of plan.goals.values()) {
    for (const [s, section] of node.goal.sections.entries()) {
      for (const [c, card] of section.headlineKpis.entries()) {
        if (typeof card.kpi === 'string') kpi(card.kpi, `${node.path}.sections[${s}].headlineKpis[${c}].kpi`);
      }
    }
  }
  const { from, to } = document.plan.period;
  if (from > to)
    issues.push({ path: 'plan.period', message: '計画期間の開始年度が終了年度より後になっています' });
}
