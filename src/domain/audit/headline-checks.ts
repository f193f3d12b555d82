import { formatFiscalYear } from '../calendar/fiscal-year.ts';
import { fiscalYearOfTimePoint, formatTimePoint } from '../calendar/time-point.ts';
import { toPercent } from '../evaluation/kpi-evaluation.ts';
import type { HeadlineEvaluation, PlanEvaluation } from '../evaluation/plan-evaluation.ts';
import type { Plan } from '../plan/model.ts';
import type { Kpi } from '../plan/schema.ts';
import { compareDecimal, type Decimal, roundRatio } from '../values/decimal.ts';
import { inDisplayUnit } from '../values/display-unit.ts';
import { formatDecimal } from '../values/format-ja.ts';
import type { Finding, FindingLocation } from './finding.ts';
import { goalTrail } from './locations.ts';

/** A KPI's known values by fiscal year: actuals, and the baseline at its own year. */
function observations(kpi: Kpi): { fiscalYear: number; value: Decimal; role: string }[] {
  const out: { fiscalYear: number; value: Decimal; role: string }[] = [];
  const { baseline } = kpi;
  if (baseline?.value.kind === 'value' && baseline.asOf !== undefined) {
    out.push({
      fiscalYear: fiscalYearOfTimePoint(baseline.asOf),
      value: baseline.value.value,
      role: '基準値',
    });
  }
  for (const a of kpi.actuals) {
    if (a.value.kind === 'value')
      out.push({ fiscalYear: a.fiscalYear, value: a.value.value, role: '実績値' });
  }
  return out;
}

const same = (a: Decimal, b: Decimal) => compareDecimal(a, b) === 0;

/** Checks what each 関連KPI card printed against the KPI's data and the computed 達成率. */
export function checkHeadlines(plan: Plan, evaluation: PlanEvaluation): Finding[] {
  return evaluation.headlineKpis.flatMap((h) => checkCard(plan, h));
}

function checkCard(plan: Plan, h: HeadlineEvaluation): Finding[] {
  const { card, evaluation } = h;
  const published = card.published;
  if (published === undefined) return [];
  const kpi = evaluation.kpi;
  const unit = card.display?.unit ?? kpi.unit;
  const where: FindingLocation = {
    path: `${h.goal.path}.sections[${h.sectionIndex}].headlineKpis[${h.cardIndex}]`,
    label: `${goalTrail(h.goal)} › 関連KPI「${kpi.name}」`,
    goal: h.goal.goal.code,
    kpi: kpi.id,
  };
  const show = (d: Decimal) => `${formatDecimal(d)}${unit}`;
  const findings: Finding[] = [];
  const known = observations(kpi);
  for (const shown of published.values) {
    if (shown.value.kind !== 'value') continue;
    const year = fiscalYearOfTimePoint(shown.at);
    const value = shown.value.value;
    const atYear = known.find((o) => o.fiscalYear === year);
    if (atYear !== undefined) {
      if (!same(inDisplayUnit(atYear.value, card.display), value)) {
        findings.push({
          code: 'headline-value-mismatch',
          severity: 'warning',
          where,
          message: `関連KPIカードの${formatTimePoint(shown.at)}の値 ${show(value)} が、データの${atYear.role}（${show(inDisplayUnit(atYear.value, card.display))}）と一致しません。`,
        });
      }
      continue;
    }
    const elsewhere = known.find((o) => same(inDisplayUnit(o.value, card.display), value));
    if (elsewhere !== undefined) {
      findings.push({
        code: 'headline-time-point-mismatch',
        severity: 'warning',
        where,
        message: `関連KPIカードは ${show(value)} を${formatTimePoint(shown.at)}の値としていますが、KPI表では同じ値が${formatFiscalYear(elsewhere.fiscalYear, 'short')}の${elsewhere.role}です。時点を確認してください。`,
      });
    }
  }
  const target = published.target;
  if (target?.value.kind === 'value') {
    const year = fiscalYearOfTimePoint(target.at);
    const entry = kpi.targets.find((t) => t.fiscalYear === year);
    const data =
      entry !== undefined && 'value' in entry && entry.value.kind === 'value' ? entry.value.value : undefined;
    if (data === undefined || !same(inDisplayUnit(data, card.display), target.value.value)) {
      findings.push({
        code: 'headline-target-mismatch',
        severity: 'warning',
        where,
        message:
          data === undefined
            ? `関連KPIカードの目標（${formatTimePoint(target.at)}）${show(target.value.value)} に対応する目標値がデータにありません。`
            : `関連KPIカードの目標 ${show(target.value.value)} が、データの目標値（${show(inDisplayUnit(data, card.display))}）と一致しません。`,
      });
    }
  }
  const rate = published.achievementRate;
  if (rate?.kind === 'value') {
    const printed = rate.value;
    const { digits, mode } = plan.document.plan.rules.achievementRate.display;
    if (evaluation.achievementRate === undefined) {
      findings.push({
        code: 'headline-rate-unverifiable',
        severity: 'info',
        where,
        message: `関連KPIカードの達成率 ${formatDecimal(printed)}% は、実績値または目標値がデータにないため再計算できません。`,
      });
    } else {
      const computed = roundRatio(toPercent(evaluation.achievementRate), digits, mode);
      if (!same(computed, printed)) {
        findings.push({
          code: 'headline-rate-mismatch',
          severity: 'error',
          where,
          message: `関連KPIカードの達成率 ${formatDecimal(printed)}% が、データから求めた達成率 ${formatDecimal(computed)}% と一致しません。`,
        });
      }
    }
  }
  return findings;
}
