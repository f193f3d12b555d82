// The publication gate (公表前の確認): a year is published only after the consistency check's findings for that year
// have been shown; while errors remain, the person publishing must acknowledge them, and the acknowledgement is
// recorded with the publication. Pure: the findings are the ones `shinchoku check` and the /checks page compute.
import type { FindingsOutput } from '../output/findings-output.ts';

/** One acknowledged error, as the person saw it. */
export interface AcknowledgedError {
  readonly code: string;
  readonly label: string;
  readonly message: string;
}

/** What the form sends: the acknowledgement box, and how many errors the confirmation page showed. */
export interface GateAnswer {
  readonly acknowledged: boolean;
  /** The error count the page showed (hidden field); undefined when the form did not send one. */
  readonly errorsShown: number | undefined;
}

/** What is stored with the publication. */
export interface GateRecord {
  readonly errorCount: number;
  readonly warningCount: number;
  /** The errors acknowledged and who acknowledged them; undefined when there were no errors. */
  readonly acknowledgement:
    | { readonly errors: readonly AcknowledgedError[]; readonly by: string }
    | undefined;
}

export type GateDecision =
  | { readonly kind: 'open'; readonly record: GateRecord }
  | { readonly kind: 'refused'; readonly status: 'bad_request' | 'conflict'; readonly message: string };

/** The acknowledgement box's label: one wording for the page, the refusal and the tests. */
export const ACKNOWLEDGEMENT_LABEL = '整合性チェックのエラーがあることを確認したうえで公表する';

/** The errors of the findings, as recorded. */
export const errorsOf = (findings: FindingsOutput): AcknowledgedError[] =>
  findings.findings
    .filter((f) => f.severity === 'error')
    .map((f) => ({ code: f.code, label: f.where.label, message: f.message }));

/**
 * Decides whether a year may be published with these findings: no errors → open (warnings need no
 * acknowledgement); errors → open only when acknowledged on a page that showed the same number of errors,
 * e.g. 6 errors shown and acknowledged → open, recorded as 6 errors acknowledged by `login`.
 */
export function passPublicationGate(
  findings: FindingsOutput,
  answer: GateAnswer,
  login: string,
): GateDecision {
  const errors = errorsOf(findings);
  const base = { errorCount: errors.length, warningCount: findings.counts.warning };
  if (errors.length === 0) return { kind: 'open', record: { ...base, acknowledgement: undefined } };
  if (!answer.acknowledged) {
    return {
      kind: 'refused',
      status: 'bad_request',
      message: `＊${findings.fiscalYearLabel}の整合性チェックにエラーが${errors.length}件あります。公表の確認画面でエラーを確認し、「${ACKNOWLEDGEMENT_LABEL}」にチェックを入れてください。`,
    };
  }
  if (answer.errorsShown !== errors.length) {
    return {
      kind: 'refused',
      status: 'conflict',
      message: `確認画面を表示した後に整合性チェックの結果が変わりました（エラー ${answer.errorsShown ?? '不明'}件 → ${errors.length}件）。もう一度確認画面を開き、エラーを確認してから公表してください。`,
    };
  }
  return { kind: 'open', record: { ...base, acknowledgement: { errors, by: login } } };
}
