import type { PlanIssue } from '../domain/plan/load.ts';

/** Exit codes: 0 = fine; 1 = the answer is "no" (check found errors, validate found problems); 2 = cannot run. */
export const EXIT = { ok: 0, negative: 1, unusable: 2 } as const;

/** A refused command: a Japanese message for the user and an exit code; never shown with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.unusable,
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Lists dataset problems one per line, each with its path. */
export const formatIssues = (issues: readonly PlanIssue[]): string[] =>
  issues.map((issue) => `  ${issue.path}: ${issue.message}`);
