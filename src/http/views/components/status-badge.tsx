import type { Severity } from '../../../domain/audit/finding.ts';
import { SEVERITY_LABELS } from '../../../domain/audit/finding.ts';
import type { KpiStatus } from '../../../domain/evaluation/kpi-evaluation.ts';
import { MEASURE_STATUS_LABELS, type MeasureStatus } from '../../../domain/evaluation/measure-status.ts';

/** The text of a status as the report prints it: 【達成】, 【一部達成】, 【未達成】, 【判定不能】. */
export const statusText = (status: MeasureStatus | KpiStatus): string =>
  `【${MEASURE_STATUS_LABELS[status]}】`;

/** A status as text in brackets; the colour only repeats what the text says. */
export function StatusBadge({ status }: { status: MeasureStatus | KpiStatus }) {
  return <span class={`status status--${status.replace('_', '-')}`}>{statusText(status)}</span>;
}

/** エラー / 警告 / 情報 as text. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span class={`severity severity--${severity}`}>{SEVERITY_LABELS[severity]}</span>;
}
