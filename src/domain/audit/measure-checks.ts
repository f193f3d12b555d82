import { formatFiscalYear } from '../calendar/fiscal-year.ts';
import { MEASURE_STATUS_LABELS, statusOfLabel } from '../evaluation/measure-status.ts';
import type { PlanEvaluation } from '../evaluation/plan-evaluation.ts';
import type { Plan } from '../plan/model.ts';
import type { Finding } from './finding.ts';
import { measureLocation } from './locations.ts';

/** Checks each measure's published label (【達成】…) and analysis text against the computed judgement. */
export function checkMeasures(plan: Plan, evaluation: PlanEvaluation): Finding[] {
  const findings: Finding[] = [];
  const year = formatFiscalYear(evaluation.fiscalYear);
  for (const { measure, status } of evaluation.measures) {
    const where = measureLocation(plan, measure);
    const analysis = measure.analyses.find((a) => a.fiscalYear === evaluation.fiscalYear);
    const labels = analysis?.publishedLabels ?? [];
    const computed = MEASURE_STATUS_LABELS[status];
    if (labels.length > 1) {
      findings.push({
        code: 'published-label-multiple',
        severity: 'error',
        where,
        message: `${year}の判定が1行に${labels.length}つ（${labels.map((l) => `【${l}】`).join('')}）記載されています。データから求めた判定は【${computed}】です。`,
      });
    } else if (labels.length === 1 && statusOfLabel(labels[0] ?? '') !== status) {
      findings.push({
        code: 'published-label-mismatch',
        severity: 'error',
        where,
        message: `公表された判定【${labels[0]}】が、データから求めた判定【${computed}】と一致しません。`,
      });
    }
    const needsText = status === 'not_achieved' || status === 'partially_achieved';
    if (needsText && (analysis === undefined || analysis.text.trim() === '')) {
      findings.push({
        code: 'analysis-missing',
        severity: 'error',
        where,
        message: `判定が【${computed}】ですが、${year}の要因分析が記入されていません。`,
      });
    }
  }
  return findings;
}
