import type { z } from 'zod';
import { err, ok, type Result } from '../result.ts';
import { formatPath, type PlanIssue, sortIssues } from './issues.ts';
import { type GoalNode, type Plan, walkGoals } from './model.ts';
import { outlinePlan } from './outline.ts';
import { yearIssues } from './period.ts';
import { referenceIssues } from './references.ts';
import { type Kpi, type Measure, type PlanDocument, planDocumentSchema } from './schema.ts';

export { formatPath, type PlanIssue } from './issues.ts';

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

export interface LoadOptions {
  /**
   * Reading data already stored (the live tables, a publication): its years are not checked against the plan's
   * period again. Data stored before years were checked must still load — a publication can never be corrected —
   * while every write (import, plan editor, forms, write API) checks them.
   */
  readonly storedYears?: boolean;
}

/**
 * Validates a parsed dataset (YAML or JSON) into a Plan, or lists every problem with its path: schema problems,
 * references and years outside the plan's period (period.ts) together, in document order — the references and
 * years are read from whatever the schema could not accept too, so one run shows everything.
 */
export function loadPlan(input: unknown, options: LoadOptions = {}): Result<Plan, PlanIssue[]> {
  // reportInput: tells an absent field (input undefined) from a wrongly typed one.
  const parsed = planDocumentSchema.safeParse(input, { reportInput: true });
  const outline = outlinePlan(input);
  const issues = [
    ...(parsed.success ? [] : zodIssues(parsed.error)),
    ...referenceIssues(outline),
    ...(options.storedYears === true ? [] : yearIssues(outline)),
  ];
  if (!parsed.success || issues.length > 0) return err(sortIssues(issues, input));
  return ok(indexPlan(parsed.data));
}

/** Only the years of a raw document outside the plan's period (for inputs whose other problems are found elsewhere). */
export const planYearIssues = (input: unknown): PlanIssue[] =>
  sortIssues(yearIssues(outlinePlan(input)), input);

/** The plan's lookup tables; duplicates and references were checked on the outline (references.ts). */
function indexPlan(document: PlanDocument): Plan {
  const goals = new Map<string, GoalNode>();
  for (const node of walkGoals(document.goals)) goals.set(node.goal.code, node);
  const departments = new Map(document.departments.map((d) => [d.code, d]));
  const measures = new Map(document.measures.map((m) => [m.id, m]));
  const kpis = new Map<string, Kpi>();
  for (const measure of document.measures) {
    for (const entry of measure.kpis) if (!('ref' in entry)) kpis.set(entry.id, entry);
  }
  for (const [, node] of goals) {
    for (const section of node.goal.sections) {
      for (const card of section.headlineKpis)
        if (typeof card.kpi !== 'string') kpis.set(card.kpi.id, card.kpi);
    }
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
