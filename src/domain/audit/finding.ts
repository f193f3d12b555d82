/** How serious a finding is: error = the published figure or label is wrong; warning = needs a look; info = noted. */
export type Severity = 'error' | 'warning' | 'info';

/** The closed set of consistency findings (整合性チェック). */
export type FindingCode =
  | 'published-label-mismatch'
  | 'published-label-multiple'
  | 'analysis-missing'
  | 'kpi-unit-mismatch'
  | 'cumulative-below-baseline'
  | 'percentage-above-100'
  | 'value-from-other-year'
  | 'baseline-without-time-point'
  | 'kpi-not-evaluable'
  | 'kpi-shown-twice'
  | 'headline-value-mismatch'
  | 'headline-time-point-mismatch'
  | 'headline-target-mismatch'
  | 'headline-rate-mismatch'
  | 'headline-rate-unverifiable'
  | 'summary-figure-mismatch'
  | 'summary-rounding-inconsistent'
  | 'summary-label-year'
  | 'summary-parts-sum'
  | 'summary-differences-sum'
  | 'summary-goal-missing'
  | 'rounding-note-missing';

/** Where a finding is: a dataset path for tools, a human label for people, and the ids concerned. */
export interface FindingLocation {
  readonly path: string;
  readonly label: string;
  readonly goal?: string;
  readonly measure?: string;
  readonly kpi?: string;
}

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly where: FindingLocation;
  readonly message: string;
}

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = {
  error: 'エラー',
  warning: '警告',
  info: '情報',
};

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Orders findings by severity, keeping the dataset order within a severity. */
export const sortFindings = (findings: readonly Finding[]): Finding[] =>
  findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] || a.index - b.index,
    )
    .map(({ finding }) => finding);
