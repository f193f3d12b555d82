// The application layer (src/app/): one use case per staff action (record an answer, submit, approve, publish, edit
// a plan row, manage an account…). Each takes the workspace it acts in and an `Actor`, decides with the domain's
// rules (domain/staff/actor.ts for department scope, domain/campaign/ for what the campaign allows), owns its
// transaction and records history. The edges — HTTP routes, the JSON API, the 調査票 upload and the CLI — only
// translate their input into a call and its outcome into a response; none of them writes storage itself.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Actor } from '../domain/staff/actor.ts';

/** Where a use case acts: the database and the plan (later also the organisation), the clock and the log. */
export interface Workspace {
  readonly db: Kysely<Database>;
  readonly planId: number;
  readonly now: () => Date;
  readonly logger: Logger;
}

/** Why a use case refused: each kind maps to one answer at the edge (HTTP status, CLI exit code). */
export type RefusalKind =
  /** the person may not do this (role or department scope) */
  | 'forbidden'
  /** what was addressed does not exist */
  | 'not_found'
  /** the data's state does not allow it now (campaign state, someone else's newer change) */
  | 'conflict'
  /** the input is not acceptable; `details` name the fields */
  | 'invalid';

/** An expected refusal of a use case, with a message in Japanese for staff. */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly details: readonly { readonly path: string; readonly message: string }[] = [],
  ) {
    super(message);
  }
}

/**
 * What only the policy office (管理者) does — run the campaign, edit the plan, manage accounts: refuses anyone else,
 * saying what they tried. The HTTP access table refuses them earlier; this keeps every other edge (the CLI, tests,
 * a future API) to the same rule.
 */
export function requireAdmin(actor: Pick<Actor, 'role'>, what: string): void {
  if (actor.role !== 'admin') throw new Refusal('forbidden', `${what}は管理者だけが行えます。`);
}
