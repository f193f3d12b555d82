/**
 * The outcome of a parser or other fallible pure function: expected failures are values, not exceptions.
 * `message` is written in Japanese for staff; `code` is stable for programs.
 */
export type Result<T, E = ParseIssue> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** A rejected input: why, in a machine code and a Japanese message, and what the input was. */
export interface ParseIssue {
  readonly code: string;
  readonly message: string;
  readonly input: string;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });

export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

export const parseIssue = (code: string, message: string, input: string): Result<never, ParseIssue> =>
  err({ code, message, input });
