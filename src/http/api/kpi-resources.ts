/**
 * The API's measure and KPI resources: the `evaluate` entries for one fiscal year, with every stored value of the
 * KPIs beside them and, for a KPI, the measures and 関連KPI cards that show it.
 */
import { formatFiscalYear } from '../../domain/calendar/fiscal-year.ts';
import type { MeasureStatus } from '../../domain/evaluation/measure-status.ts';
import type { MeasureOutput } from '../../domain/output/evaluation-output.ts';
import type { KpiOutput } from '../../domain/output/kpi-output.ts';
import { kpisOfMeasure } from '../../domain/plan/model.ts';
import type { SiteData } from '../site-data.ts';
import { type KpiValuesOutput, kpiValuesOutput } from './kpi-values.ts';

export interface MeasureDetailOutput {
  fiscalYear: number;
  fiscalYearLabel: string;
  /** The same object as the measure's entry in `evaluate`. */
  measure: MeasureOutput;
  /** Every stored value of each KPI, in the order of `measure.kpis`. */
  kpiValues: KpiValuesOutput[];
}

/** A measure's evaluation for a fiscal year with its KPIs' values over the years; undefined for an unknown id. */
export function measureDetailOutput(
  site: SiteData,
  id: string,
  fiscalYear: number,
): MeasureDetailOutput | undefined {
  const measure = site.plan.measures.get(id);
  const output = site.evaluationOutput(fiscalYear).measures.find((m) => m.id === id);
  if (measure === undefined || output === undefined) return undefined;
  return {
    fiscalYear,
    fiscalYearLabel: formatFiscalYear(fiscalYear),
    measure: output,
    kpiValues: kpisOfMeasure(site.plan, measure).map((kpi) => kpiValuesOutput(site.plan, kpi)),
  };
}

export interface KpiDetailOutput {
  fiscalYear: number;
  fiscalYearLabel: string;
  /** The KPI's evaluation for the fiscal year, as in `evaluate`. */
  kpi: KpiOutput;
  values: KpiValuesOutput;
  shownIn: {
    measures: { id: string; name: string; goal: string; status: MeasureStatus; statusLabel: string }[];
    cards: { goal: string; goalTitle: string; guidelines: string[]; linked: boolean }[];
  };
}

/** A KPI with its evaluation for a fiscal year, its values and where it is shown; undefined for an unknown id. */
export function kpiDetailOutput(site: SiteData, id: string, fiscalYear: number): KpiDetailOutput | undefined {
  const kpi = site.plan.kpis.get(id);
  if (kpi === undefined) return undefined;
  const evaluation = site.evaluationOutput(fiscalYear);
  const measures = evaluation.measures.filter((m) => m.kpis.some((k) => k.id === id));
  const cards = evaluation.headlineKpis.filter((h) => h.kpi.id === id);
  const output = measures[0]?.kpis.find((k) => k.id === id) ?? cards[0]?.kpi;
  // Every KPI is defined in a measure or on a card (loadPlan), so the evaluation always holds it.
  if (output === undefined) throw new Error(`invariant: KPI ${id} is in no measure and on no card`);
  return {
    fiscalYear,
    fiscalYearLabel: formatFiscalYear(fiscalYear),
    kpi: output,
    values: kpiValuesOutput(site.plan, kpi),
    shownIn: {
      measures: measures.map((m) => ({
        id: m.id,
        name: m.name,
        goal: m.goal,
        status: m.status,
        statusLabel: m.statusLabel,
      })),
      cards: cards.map((h) => ({
        goal: h.goal,
        goalTitle: h.goalTitle,
        guidelines: h.guidelines,
        linked: h.linked,
      })),
    },
  };
}
