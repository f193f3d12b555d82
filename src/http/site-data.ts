import { checkConsistency } from '../domain/audit/consistency-checks.ts';
import type { ChangedFigure } from '../domain/campaign/publication-changes.ts';
import { evaluatePlan, type PlanEvaluation } from '../domain/evaluation/plan-evaluation.ts';
import { type EvaluationOutput, evaluationOutput } from '../domain/output/evaluation-output.ts';
import { type FindingsOutput, findingsOutput } from '../domain/output/findings-output.ts';
import { type SummaryOutput, summaryOutput } from '../domain/output/summary-output.ts';
import type { Plan } from '../domain/plan/model.ts';
import { projectYears, rollUpProjects } from '../domain/rollup/goal-rollup.ts';

/** Which publication the public pages show: year, revision (第n版), when, why and what it changed. */
export interface PublicationInfo {
  readonly fiscalYear: number;
  readonly revision: number;
  readonly reason: string | null;
  readonly publishedAt: Date;
  readonly changes: readonly ChangedFigure[];
}

/**
 * What the web app shows, computed from one loaded plan and memoised per fiscal year: the pages and the API
 * serve the same objects the CLI prints, so every figure on a page is the figure `shinchoku summary` gives.
 */
export class SiteData {
  readonly #evaluations = new Map<number, PlanEvaluation>();
  readonly #summaries = new Map<number, SummaryOutput>();
  readonly #evaluationOutputs = new Map<number, EvaluationOutput>();
  readonly #findings = new Map<number, FindingsOutput>();

  /** The publication shown (public pages of a plan run through campaigns); absent for live or file data. */
  constructor(
    readonly plan: Plan,
    readonly publication?: PublicationInfo,
  ) {}

  /** Fiscal years with project figures or actuals, ascending; the report year is always among them. */
  get years(): number[] {
    const actuals = [...this.plan.kpis.values()].flatMap((k) => k.actuals.map((a) => a.fiscalYear));
    const years = new Set([...projectYears(this.plan), ...actuals, this.plan.reportYear]);
    return [...years].filter((y) => y >= this.plan.document.plan.period.from).sort((a, b) => a - b);
  }

  /** The year shown when none is asked for: the report year. */
  get defaultYear(): number {
    return this.plan.reportYear;
  }

  evaluation(fiscalYear: number): PlanEvaluation {
    return memo(this.#evaluations, fiscalYear, () => evaluatePlan(this.plan, fiscalYear));
  }

  summary(fiscalYear: number): SummaryOutput {
    return memo(this.#summaries, fiscalYear, () =>
      summaryOutput(this.plan, rollUpProjects(this.plan, fiscalYear), this.evaluation(fiscalYear).counts),
    );
  }

  evaluationOutput(fiscalYear: number): EvaluationOutput {
    return memo(this.#evaluationOutputs, fiscalYear, () =>
      evaluationOutput(this.plan, this.evaluation(fiscalYear)),
    );
  }

  findings(fiscalYear: number): FindingsOutput {
    return memo(this.#findings, fiscalYear, () =>
      findingsOutput(fiscalYear, checkConsistency(this.plan, this.evaluation(fiscalYear))),
    );
  }
}

function memo<T>(cache: Map<number, T>, key: number, compute: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  cache.set(key, value);
  return value;
}
