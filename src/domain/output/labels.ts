import { formatFiscalYear } from '../calendar/fiscal-year.ts';
import type { KpiStatus, NotEvaluableReason } from '../evaluation/kpi-evaluation.ts';
import { MEASURE_STATUS_LABELS } from '../evaluation/measure-status.ts';
import { MISSING_REASON_LABELS } from '../values/quantity.ts';

export const KPI_STATUS_LABELS: Readonly<Record<KpiStatus, string>> = {
  achieved: MEASURE_STATUS_LABELS.achieved,
  not_achieved: MEASURE_STATUS_LABELS.not_achieved,
  not_evaluable: MEASURE_STATUS_LABELS.not_evaluable,
};

export const DIRECTION_LABELS = { increase: '増加が良い', decrease: '減少が良い' } as const;

/** Explains in Japanese why a KPI cannot be judged (判定不能). */
export const notEvaluableText = (reason: NotEvaluableReason): string => {
  switch (reason.kind) {
    case 'no-actual':
      return '実績値がありません';
    case 'actual-missing':
      return `実績値が「${MISSING_REASON_LABELS[reason.reason]}」です`;
    case 'no-target':
      return '目標値がありません';
    case 'target-missing':
      return `目標値が「${MISSING_REASON_LABELS[reason.reason]}」です`;
    case 'no-previous-actual':
      return `目標「前年度越え」の比較対象（${formatFiscalYear(reason.previousYear)}の実績値）がありません`;
    case 'unit-mismatch':
      return `目標値（${reason.targetUnit}）と実績値（${reason.actualUnit}）の単位が異なります`;
  }
};
