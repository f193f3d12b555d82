// Who may do what on the staff side: one declarative table of route × role × department scope, checked on the
// server for every request under /admin and /api/v1/admin before any handler runs. A route missing from the table
// is refused (and a test fails when a mutating route has no entry).
import { TrieRouter } from 'hono/router/trie-router';
import type { SessionStage } from '../../db/database.ts';
import type { StaffUser } from '../../db/repositories/user.repository.ts';
import { mayActForAny } from '../../domain/staff/actor.ts';
import { ROLES, type Role } from '../../domain/staff/role.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Which departments' data a request touches, from its path parameters. */
export type Scope =
  /** nothing department-specific */
  | 'none'
  /** the measure `:measure` (its department and those of its joint measures) */
  | 'measure'
  /** the KPI `:kpi` (the departments of every measure listing it) */
  | 'kpi'
  /** the department `:department` itself */
  | 'department';

export interface AccessRule {
  readonly method: Method;
  readonly path: string;
  /** `anyone` (the login page), `signed-in` (any role, any stage), or the roles allowed. */
  readonly who: 'anyone' | 'signed-in' | readonly Role[];
  /** Editors are confined to their departments' data; admins and viewers see every department. */
  readonly scope: Scope;
  /** Open while a password change is due (otherwise such a session is sent to change it first). */
  readonly duringPasswordChange?: boolean;
  /** Session stages the route is open in; default: only a fully signed-in session. */
  readonly stages?: readonly SessionStage[];
}

const ALL: readonly Role[] = ROLES;
const WRITERS: readonly Role[] = ['admin', 'editor'];
const ADMIN: readonly Role[] = ['admin'];

export const ACCESS_RULES: readonly AccessRule[] = [
  { method: 'GET', path: '/admin/login', who: 'anyone', scope: 'none' },
  { method: 'POST', path: '/admin/login', who: 'anyone', scope: 'none' },
  { method: 'GET', path: '/admin/login/mfa', who: 'signed-in', scope: 'none', stages: ['mfa'] },
  { method: 'POST', path: '/admin/login/mfa', who: 'signed-in', scope: 'none', stages: ['mfa'] },
  {
    method: 'POST',
    path: '/admin/logout',
    who: 'signed-in',
    scope: 'none',
    stages: ['mfa', 'enrol', 'full'],
    duringPasswordChange: true,
  },
  {
    method: 'GET',
    path: '/admin/account/password',
    who: 'signed-in',
    scope: 'none',
    duringPasswordChange: true,
  },
  {
    method: 'POST',
    path: '/admin/account/password',
    who: 'signed-in',
    scope: 'none',
    duringPasswordChange: true,
  },
  { method: 'GET', path: '/admin/account/mfa', who: 'signed-in', scope: 'none', stages: ['enrol', 'full'] },
  { method: 'POST', path: '/admin/account/mfa', who: 'signed-in', scope: 'none', stages: ['enrol', 'full'] },
  { method: 'POST', path: '/admin/account/sessions/end', who: 'signed-in', scope: 'none' },
  { method: 'GET', path: '/admin', who: ALL, scope: 'none' },
  { method: 'GET', path: '/admin/history', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/history.csv', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/measures/:measure/history', who: ALL, scope: 'measure' },
  { method: 'GET', path: '/admin/measures/:measure/years/:fy', who: ALL, scope: 'measure' },
  { method: 'POST', path: '/admin/measures/:measure/years/:fy', who: WRITERS, scope: 'measure' },
  { method: 'GET', path: '/admin/plan', who: ADMIN, scope: 'none' },
  // 最初の計画を作る (an organisation without a plan; with one, the use case refuses and points to the plan editor).
  { method: 'POST', path: '/admin/first-plan', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/plan/import', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/plan/import', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/plan/import/starter.xlsx', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/plan/import/plan.xlsx', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/plan/import/confirm', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/plan/:table', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/plan/:table/row', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/plan/:table/row', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/plan/:table/new', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/plan/:table/delete', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/plan/:table/delete', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/plan/:table/move', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/users', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/users/invitations', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/users/invitations', who: ADMIN, scope: 'none' },
  // The link an invited person opens: no account yet; the token in the path is the credential.
  { method: 'GET', path: '/admin/invitation/:token', who: 'anyone', scope: 'none' },
  { method: 'POST', path: '/admin/invitation/:token', who: 'anyone', scope: 'none' },
  { method: 'POST', path: '/admin/users', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/users/new', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/users/:id', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/users/:id/role', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/users/:id/disable', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/users/:id/enable', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/users/:id/password', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/users/:id/mfa', who: ADMIN, scope: 'none' },
  // 団体のデータ: the organisation's own export (a POST: it is recorded in history) and 運営者への閲覧許可.
  { method: 'GET', path: '/admin/organisation', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/organisation/data.zip', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/organisation/access', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/organisation/access/withdraw', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/cycles', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/cycles', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/cycles/:fy', who: ['admin', 'viewer'], scope: 'none' },
  { method: 'GET', path: '/admin/cycles/:fy/board.csv', who: ['admin', 'viewer'], scope: 'none' },
  { method: 'POST', path: '/admin/cycles/:fy/state', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/cycles/:fy/publish', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/cycles/:fy/publish', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/cycles/:fy/answers/:department/due', who: ADMIN, scope: 'department' },
  { method: 'POST', path: '/admin/cycles/:fy/answers/approve', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/cycles/:fy/answers/:department/submit', who: WRITERS, scope: 'department' },
  { method: 'POST', path: '/admin/cycles/:fy/answers/:department/return', who: ADMIN, scope: 'department' },
  { method: 'POST', path: '/admin/cycles/:fy/answers/:department/approve', who: ADMIN, scope: 'department' },
  { method: 'GET', path: '/admin/cycles/:fy/surveys.zip', who: ADMIN, scope: 'none' },
  {
    method: 'GET',
    path: '/admin/cycles/:fy/surveys/:department/workbook',
    who: WRITERS,
    scope: 'department',
  },
  { method: 'GET', path: '/admin/cycles/:fy/surveys/:department', who: WRITERS, scope: 'department' },
  { method: 'POST', path: '/admin/cycles/:fy/surveys/:department', who: WRITERS, scope: 'department' },
  { method: 'POST', path: '/admin/cycles/:fy/surveys/:department/apply', who: WRITERS, scope: 'department' },
  { method: 'GET', path: '/admin/cycles/:fy/reminders', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/admin/cycles/:fy/reminders.txt', who: ADMIN, scope: 'none' },
  { method: 'POST', path: '/admin/cycles/:fy/reminders/send', who: ADMIN, scope: 'none' },
  { method: 'GET', path: '/api/v1/admin/kpis/:kpi/actuals/:fy', who: ALL, scope: 'kpi' },
  { method: 'PUT', path: '/api/v1/admin/kpis/:kpi/actuals/:fy', who: WRITERS, scope: 'kpi' },
  { method: 'GET', path: '/api/v1/admin/measures/:measure/analyses/:fy', who: ALL, scope: 'measure' },
  { method: 'PUT', path: '/api/v1/admin/measures/:measure/analyses/:fy', who: WRITERS, scope: 'measure' },
];

/** The paths the table governs: everything under them needs an entry. */
export const GUARDED_PREFIXES = ['/admin', '/api/v1/admin'] as const;

export const isGuardedPath = (path: string): boolean =>
  GUARDED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

const router = new TrieRouter<AccessRule>();
for (const rule of ACCESS_RULES) router.add(rule.method, rule.path, rule);

/** The rule for a request and its path parameters; HEAD is treated as GET. */
export function findRule(
  method: string,
  path: string,
): { rule: AccessRule; params: Record<string, string> } | undefined {
  const [matches] = router.match(method === 'HEAD' ? 'GET' : method, path);
  const first = matches[0];
  if (first === undefined) return undefined;
  const [rule, params] = first;
  return { rule, params: params as Record<string, string> };
}

/** What to do with a request. */
export type Decision =
  | 'allow'
  /** not signed in: go to the login page (pages) or 401 (writes, API) */
  | 'sign-in'
  /** the second factor is due first */
  | 'mfa'
  /** the second factor must be enrolled first */
  | 'enrol'
  /** the one-time password must be changed first */
  | 'password'
  | 'forbidden';

export interface Requester {
  readonly user: StaffUser;
  readonly stage: SessionStage;
}

/**
 * Decides a request from the rule, who asks and the departments the addressed data belongs to (undefined when the
 * data does not exist: then only roles decide, and the handler answers 404).
 */
export function decide(
  rule: AccessRule | undefined,
  requester: Requester | undefined,
  departments: readonly string[] | undefined,
): Decision {
  if (rule === undefined) return requester === undefined ? 'sign-in' : 'forbidden';
  if (rule.who === 'anyone') return 'allow';
  if (requester === undefined) return 'sign-in';
  const stages = rule.stages ?? ['full'];
  if (!stages.includes(requester.stage)) {
    if (requester.stage === 'mfa') return 'mfa';
    if (requester.stage === 'enrol') return 'enrol';
    return 'forbidden';
  }
  if (requester.user.mustChangePassword && rule.duringPasswordChange !== true) return 'password';
  if (rule.who !== 'signed-in' && !rule.who.includes(requester.user.role)) return 'forbidden';
  if (rule.scope === 'none' || departments === undefined) return 'allow';
  return mayActForAny(requester.user, departments) ? 'allow' : 'forbidden';
}
