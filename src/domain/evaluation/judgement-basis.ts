// Which figures a judgement used when one belongs to another year than the report's: a year without its own target is
// judged against the latest earlier target, a year without its own actual keeps the latest earlier actual, and
// 前年度越え compares with the year before's actual (entryForYear and resolveTarget in kpi-evaluation.ts decide it;
// this file only says what they chose).
import { type FiscalYear, formatFiscalYear } from '../calendar/fiscal-year.ts';
import type { Decimal } from '../values/decimal.ts';
import { formatDecimal } from '../values/format-ja.ts';
import type { KpiEvaluation } from './kpi-evaluation.ts';

/** One figure of another year that a judgement used. */
export type OtherYearFigure =
  | { kind: 'target'; fiscalYear: FiscalYear; value: Decimal }
  | { kind: 'previous-actual'; fiscalYear: FiscalYear; value: Decimal; targetYear: FiscalYear }
  | { kind: 'actual'; fiscalYear: FiscalYear; value: Decimal };

/**
 * The figures of other years the evaluation compared (empty when it used only the report year's own).
 * Example: 令和6年度 with targets only for 令和5年度 (6) → [{ kind: 'target', fiscalYear: 2023, value: 6 }].
 */
export function otherYearFigures(e: KpiEvaluation): OtherYearFigure[] {
  const figures: OtherYearFigure[] = [];
  const target = e.effectiveTarget;
  if (target?.kind === 'value' && target.entry.fiscalYear !== e.reportYear) {
    figures.push({ kind: 'target', fiscalYear: target.entry.fiscalYear, value: target.value });
  }
  if (target?.kind === 'exceed-previous-year') {
    const targetYear = target.entry.fiscalYear;
    figures.push({ kind: 'previous-actual', fiscalYear: targetYear - 1, value: target.previous, targetYear });
  }
  // An earlier actual only counts once it was judged: a KPI left out of the judgement used nothing.
  if (e.status !== 'not_evaluable' && e.actualFromOtherYear && e.actual?.value.kind === 'value') {
    figures.push({ kind: 'actual', fiscalYear: e.actual.fiscalYear, value: e.actual.value.value });
  }
  return figures;
}

const figureText = (f: OtherYearFigure, reportYear: FiscalYear): string => {
  const value = formatDecimal(f.value);
  switch (f.kind) {
    case 'target':
      return `${formatFiscalYear(f.fiscalYear)}目標値 ${value}`;
    case 'previous-actual': {
      const whose = f.targetYear === reportYear ? '' : `${formatFiscalYear(f.targetYear)}目標の`;
      return `${formatFiscalYear(f.fiscalYear)}実績 ${value}（${whose}前年度越え）`;
    }
    case 'actual':
      return `${formatFiscalYear(f.fiscalYear)}実績 ${value}`;
  }
};

/**
 * 「令和5年度目標値 6 で判定」: what a person is told when the judgement used another year's target or actual;
 * undefined when it used only the report year's own figures.
 */
export function otherYearBasisText(e: KpiEvaluation): string | undefined {
  return basisText(otherYearFigures(e), e.reportYear);
}

/**
 * The target part alone (「令和5年度目標値 6 で判定」), for a form sent out before the year's actual is known
 * (the 調査票): which actual is used depends on the answer still to come.
 */
export function targetBasisText(e: KpiEvaluation): string | undefined {
  return basisText(
    otherYearFigures(e).filter((f) => f.kind !== 'actual'),
    e.reportYear,
  );
}

function basisText(figures: readonly OtherYearFigure[], reportYear: FiscalYear): string | undefined {
  if (figures.length === 0) return undefined;
  return `${figures.map((f) => figureText(f, reportYear)).join('、')} で判定`;
}
