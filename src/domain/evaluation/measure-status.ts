import type { Measure } from '../plan/schema.ts';
import type { KpiEvaluation } from './kpi-evaluation.ts';

/** 施策の判定 in the report's order: 達成 / 一部達成 / 未達成 / 判定不能. Lists, filters and counts follow it. */
export const MEASURE_STATUSES = ['achieved', 'partially_achieved', 'not_achieved', 'not_evaluable'] as const;

export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

export const MEASURE_STATUS_LABELS = {
  achieved: '達成',
  partially_achieved: '一部達成',
  not_achieved: '未達成',
  not_evaluable: '判定不能',
} as const satisfies Record<MeasureStatus, string>;

/** The judgements a report prints in 【】 (判定不能 is never printed as one): the dataset's 公表判定. */
export const PUBLISHED_STATUS_LABELS = [
  MEASURE_STATUS_LABELS.achieved,
  MEASURE_STATUS_LABELS.partially_achieved,
  MEASURE_STATUS_LABELS.not_achieved,
] as const;

/** Maps a printed label (【達成】 without brackets) back to a status. */
export const statusOfLabel = (label: string): MeasureStatus | undefined =>
  (Object.entries(MEASURE_STATUS_LABELS) as [MeasureStatus, string][]).find(
    ([, text]) => text === label,
  )?.[0];

export interface MeasureEvaluation {
  readonly measure: Measure;
  readonly status: MeasureStatus;
  readonly kpis: readonly KpiEvaluation[];
  /** KPIs left out of the judgement because they cannot be evaluated (noted, never counted as failures). */
  readonly excluded: readonly KpiEvaluation[];
}

/**
 * Judges a measure from its KPIs: all evaluable KPIs achieved → 達成, none → 未達成, otherwise 一部達成;
 * no evaluable KPI → 判定不能. Example (seed): テレワークの導入 is 達成 with ① achieved and ② 「—」 left out.
 */
export function judgeMeasure(measure: Measure, kpis: readonly KpiEvaluation[]): MeasureEvaluation {
  const evaluable = kpis.filter((k) => k.status !== 'not_evaluable');
  const excluded = kpis.filter((k) => k.status === 'not_evaluable');
  const achieved = evaluable.filter((k) => k.status === 'achieved').length;
  const status: MeasureStatus =
    evaluable.length === 0
      ? 'not_evaluable'
      : achieved === evaluable.length
        ? 'achieved'
        : achieved === 0
          ? 'not_achieved'
          : 'partially_achieved';
  return { measure, status, kpis, excluded };
}
