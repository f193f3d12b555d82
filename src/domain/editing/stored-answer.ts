// What an answer form (or a 調査票 preview) starts from: the stored rows of one measure's answer, each read with
// its version in the same statement. Values and versions must come from the same read: a value taken from an older
// read paired with a newer version would let a save based on a stale value pass the version check.
import type { FiscalYear } from '../calendar/fiscal-year.ts';
import { kpisOfMeasure, type Plan } from '../plan/model.ts';
import type { Measure } from '../plan/schema.ts';
import { CANONICAL_MISSING_MARKERS, valueText } from '../tables/cells.ts';
import { formatQuantity, type MissingReason, parseQuantity } from '../values/quantity.ts';
import type { MeasureAnswerInput } from './measure-answer.ts';

/** The stored cells of one actual (a `kpi_values` row of kind 'actual'). */
export interface ActualCells {
  readonly value: string | null;
  readonly missing: string | null;
  readonly marker: string | null;
  readonly percent: boolean;
  readonly approximate: boolean;
  readonly provisional: boolean | null;
  readonly note: string | null;
}

/** One measure's answer rows as stored, each with the version read together with it; absent = no row yet. */
export interface StoredAnswerRows {
  readonly actuals: ReadonlyMap<string, ActualCells & { readonly version: number }>;
  readonly analysis: { readonly text: string | null; readonly version: number } | undefined;
}

/** Versions of what an answer form shows: each KPI's actual for the year and the analysis (0 = no row yet). */
export interface AnswerVersions {
  readonly actuals: ReadonlyMap<string, number>;
  readonly analysis: number;
}

/** A form's starting values and the versions it sends back, both from the same rows. */
export interface StoredAnswer {
  readonly input: MeasureAnswerInput;
  readonly versions: AnswerVersions;
}

const isReason = (text: string): text is MissingReason => text in CANONICAL_MISSING_MARKERS;

/** An actual's cells written as a person would type them: `1,527`, `93.56%`, `約18%`, `未計測`. */
export function actualCellsText(cells: ActualCells): string {
  const raw =
    cells.value !== null
      ? valueText(cells.value, { percent: cells.percent, approximate: cells.approximate })
      : (cells.marker ??
        (cells.missing !== null && isReason(cells.missing) ? CANONICAL_MISSING_MARKERS[cells.missing] : ''));
  const parsed = parseQuantity(raw);
  return parsed.ok ? formatQuantity(parsed.value) : raw;
}

/**
 * The form's starting values and versions from the stored rows; the same text `currentAnswerInput` gives for a plan
 * loaded from those rows (見込み: the row's own flag, else the report's declaration for the report year).
 */
export function storedAnswer(
  plan: Plan,
  measure: Measure,
  fiscalYear: FiscalYear,
  rows: StoredAnswerRows,
): StoredAnswer {
  const provisionalDefault = plan.document.report.actualsProvisional && fiscalYear === plan.reportYear;
  const kpis = kpisOfMeasure(plan, measure).map((kpi) => kpi.id);
  return {
    input: {
      kpis: kpis.map((kpi) => {
        const row = rows.actuals.get(kpi);
        if (row === undefined) return { kpi, value: '', provisional: provisionalDefault, note: '' };
        return {
          kpi,
          value: actualCellsText(row),
          provisional: row.value !== null && (row.provisional ?? provisionalDefault),
          note: row.note ?? '',
        };
      }),
      analysis: rows.analysis?.text ?? '',
    },
    versions: {
      actuals: new Map(kpis.map((kpi) => [kpi, rows.actuals.get(kpi)?.version ?? 0])),
      analysis: rows.analysis?.version ?? 0,
    },
  };
}
