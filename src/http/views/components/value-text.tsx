import type { ValueOutput } from '../../../domain/output/kpi-output.ts';
import { MISSING_REASON_LABELS } from '../../../domain/values/quantity.ts';
import { shortYearText } from '../links.ts';

const ROLE_TEXT = { baseline: '基準値', target: '目標値', actual: '実績値' } as const;

export interface ValueTextProps {
  readonly value: ValueOutput | null;
  readonly kind: keyof typeof ROLE_TEXT;
  /** The year shown on the page: a value of another year says which year it is. */
  readonly fy: number;
  /** The KPI's unit: a value in another unit names its own. */
  readonly unit: string;
}

/**
 * A KPI value as a table cell: the published figure, its own unit when it differs, and marks for 見込み, a value
 * of another year (「74.7（R5年度実績値）」) and a missing value with its reason (never 0).
 */
export function ValueText({ value, kind, fy, unit }: ValueTextProps) {
  if (value === null) return <span class="mark">なし</span>;
  return (
    <>
      {value.text}
      {value.missing && MISSING_REASON_LABELS[value.missing] !== value.text ? (
        <span class="mark">（{MISSING_REASON_LABELS[value.missing]}）</span>
      ) : null}
      {value.value !== null && value.unit !== unit ? <span class="mark">（{value.unit}）</span> : null}
      {value.asOf ? <span class="mark">（{value.asOf}時点）</span> : null}
      {value.provisional ? <span class="mark">（見込み）</span> : null}
      {value.fiscalYear !== null && value.fiscalYear !== fy ? (
        <span class="mark">
          （{shortYearText(value.fiscalYear)}
          {ROLE_TEXT[kind]}）
        </span>
      ) : null}
    </>
  );
}

/** An empty cell: a dash for the eye, a word for screen readers. */
export const NoValue = () => (
  <>
    —<span class="visually-hidden">なし</span>
  </>
);
