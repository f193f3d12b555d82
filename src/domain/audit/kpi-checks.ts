import { formatFiscalYear } from '../calendar/fiscal-year.ts';
import type { KpiEvaluation } from '../evaluation/kpi-evaluation.ts';
import type { PlanEvaluation } from '../evaluation/plan-evaluation.ts';
import { notEvaluableText } from '../output/labels.ts';
import type { Plan } from '../plan/model.ts';
import type { Kpi, Measure } from '../plan/schema.ts';
import { compareDecimal, decimal } from '../values/decimal.ts';
import { formatQuantity, type Quantity } from '../values/quantity.ts';
import type { Finding, FindingLocation } from './finding.ts';
import { goalTrail, measureLocation } from './locations.ts';

const HUNDRED = decimal(100);

/** Checks every KPI shown in the measure tables, once per KPI even when it is shown under several measures. */
export function checkKpis(plan: Plan, evaluation: PlanEvaluation): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { measure, kpis } of evaluation.measures) {
    for (const kpiEvaluation of kpis) {
      const { kpi } = kpiEvaluation;
      if (seen.has(kpi.id)) continue;
      seen.add(kpi.id);
      const where = measureLocation(plan, measure, kpi.id);
      findings.push(
        ...checkUnits(kpiEvaluation, where),
        ...checkCumulative(kpiEvaluation, where),
        ...checkPercentages(kpiEvaluation, where),
        ...checkYears(kpiEvaluation, where),
        ...checkEvaluable(kpiEvaluation, where),
        ...checkShownTwice(plan, kpi, where),
      );
      if (
        kpi.baseline !== undefined &&
        kpi.baseline.asOf === undefined &&
        kpi.baseline.value.kind === 'value'
      ) {
        findings.push({
          code: 'baseline-without-time-point',
          severity: 'info',
          where,
          message: `「${kpi.name}」の基準値に時点が記載されていません。`,
        });
      }
    }
  }
  return findings;
}

function checkUnits({ kpi, baseline, target, actual }: KpiEvaluation, where: FindingLocation): Finding[] {
  const present = (role: string, entry: { unit?: string | undefined } | undefined) =>
    entry === undefined ? [] : [{ role, unit: entry.unit ?? kpi.unit }];
  const units = [
    ...present('基準値', baseline),
    ...present('目標値', target && 'value' in target ? target : undefined),
    ...present('実績値', actual),
  ];
  if (units.every((u) => u.unit === kpi.unit)) return [];
  const unitOf = (role: string) => units.find((u) => u.role === role)?.unit;
  const [baselineUnit, targetUnit, actualUnit] = ['基準値', '目標値', '実績値'].map(unitOf);
  const comparable = targetUnit === undefined || actualUnit === undefined || targetUnit === actualUnit;
  const consequence = !comparable
    ? '目標値と実績値を比較できないため判定不能です。'
    : baselineUnit !== undefined && targetUnit !== undefined && baselineUnit !== targetUnit
      ? '目標値と実績値の単位は同じため判定はできますが、基準値と比べられないため進捗率は求めません。'
      : '項目の単位表記を確認してください。';
  return [
    {
      code: 'kpi-unit-mismatch',
      severity: comparable ? 'warning' : 'error',
      where,
      message: `「${kpi.name}」の単位が項目（${kpi.unit}）と数値で異なります: ${units.map((u) => `${u.role} ${u.unit}`).join('、')}。${consequence}`,
    },
  ];
}

function checkCumulative({ kpi, baseline, actual }: KpiEvaluation, where: FindingLocation): Finding[] {
  if (!kpi.cumulative || baseline?.value.kind !== 'value' || actual?.value.kind !== 'value') return [];
  if (compareDecimal(actual.value.value, baseline.value.value) >= 0) return [];
  return [
    {
      code: 'cumulative-below-baseline',
      severity: 'error',
      where,
      message: `「${kpi.name}」は累計の指標ですが、実績値（${formatQuantity(actual.value)}）が基準値（${formatQuantity(baseline.value)}）を下回っています。累計は減らないため、数値か指標の定義を確認してください。`,
    },
  ];
}

function checkPercentages(
  { kpi, baseline, target, actual }: KpiEvaluation,
  where: FindingLocation,
): Finding[] {
  const values: [string, Quantity | undefined, string | undefined][] = [
    ['基準値', baseline?.value, baseline?.unit],
    [
      '目標値',
      target && 'value' in target ? target.value : undefined,
      target && 'value' in target ? target.unit : undefined,
    ],
    ['実績値', actual?.value, actual?.unit],
  ];
  return values.flatMap(([role, q, unit]) =>
    (unit ?? kpi.unit) === '%' && q?.kind === 'value' && compareDecimal(q.value, HUNDRED) > 0
      ? [
          {
            code: 'percentage-above-100' as const,
            severity: 'warning' as const,
            where,
            message: `「${kpi.name}」は割合（%）の指標ですが、${role}が${formatQuantity(q)}で100%を超えています。`,
          },
        ]
      : [],
  );
}

function checkYears(
  { kpi, reportYear, target, actual, ...e }: KpiEvaluation,
  where: FindingLocation,
): Finding[] {
  const parts: string[] = [];
  if (e.actualFromOtherYear && actual) parts.push(`実績値は${formatFiscalYear(actual.fiscalYear)}の値`);
  if (e.targetFromOtherYear && target) parts.push(`目標値は${formatFiscalYear(target.fiscalYear)}の値`);
  if (parts.length === 0) return [];
  return [
    {
      code: 'value-from-other-year',
      severity: 'info',
      where,
      message: `「${kpi.name}」の${formatFiscalYear(reportYear)}の欄に、${parts.join('、')}が使われています。`,
    },
  ];
}

function checkEvaluable({ kpi, notEvaluable }: KpiEvaluation, where: FindingLocation): Finding[] {
  if (notEvaluable === undefined) return [];
  return [
    {
      code: 'kpi-not-evaluable',
      severity: 'info',
      where,
      message: `「${kpi.name}」は${notEvaluableText(notEvaluable)}。判定不能として施策の判定から除外しました。`,
    },
  ];
}

function checkShownTwice(plan: Plan, kpi: Kpi, where: FindingLocation): Finding[] {
  const measures: readonly Measure[] = plan.kpiMeasures.get(kpi.id) ?? [];
  if (measures.length < 2) return [];
  const places = measures.map((m) => {
    const goal = plan.goals.get(m.goal);
    return `${goal ? goalTrail(goal) : m.goal} の「${m.name}」`;
  });
  return [
    {
      code: 'kpi-shown-twice',
      severity: 'info',
      where,
      message: `同じKPI「${kpi.name}」が${measures.length}か所に掲載されています: ${places.join('、')}。値は1か所で管理しています。`,
    },
  ];
}
