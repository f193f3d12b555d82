import type { Finding, Severity } from '../audit/finding.ts';
import { sortFindings } from '../audit/finding.ts';
import { formatFiscalYear } from '../calendar/fiscal-year.ts';

/** The `check` JSON contract (also served by the web API). */
export interface FindingsOutput {
  fiscalYear: number;
  fiscalYearLabel: string;
  counts: Record<Severity, number>;
  findings: Finding[];
}

/** Builds the `check` output: findings ordered by severity, with counts. */
export function findingsOutput(fiscalYear: number, findings: readonly Finding[]): FindingsOutput {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return {
    fiscalYear,
    fiscalYearLabel: formatFiscalYear(fiscalYear),
    counts,
    findings: sortFindings(findings),
  };
}
