// Who acts, and for which departments: the one scope rule of the staff side. The access table
// (http/staff/access.ts) decides a request with `mayActForAny`; use cases (src/app/) narrow what they change with
// `departmentsActedFor` and record `onBehalfOf` in history. Nothing else decides department scope.
import type { Role } from './role.ts';

/** The person behind a staff action, as every use case takes it. */
export interface Actor {
  /** The account's login, as history records it. */
  readonly login: string;
  readonly role: Role;
  /** The departments (所属コード) the account belongs to. */
  readonly departments: readonly string[];
  /** The request that carried the action, for matching history with the server log. */
  readonly requestId: string | null;
}

/** May this role change figures and answers at all (admins and editors; viewers only read). */
export const mayWrite = (actor: Pick<Actor, 'role'>): boolean =>
  actor.role === 'admin' || actor.role === 'editor';

/**
 * Of the departments some data belongs to, those this person acts for: an editor only for their own departments,
 * an admin (the policy office) and a viewer for every department.
 */
export const departmentsActedFor = (
  actor: Pick<Actor, 'role' | 'departments'>,
  departments: readonly string[],
): string[] =>
  actor.role === 'editor' ? departments.filter((d) => actor.departments.includes(d)) : [...departments];

/** Whether this person may act on data belonging to these departments (at least one of them). */
export const mayActForAny = (
  actor: Pick<Actor, 'role' | 'departments'>,
  departments: readonly string[],
): boolean => actor.role !== 'editor' || departments.some((d) => actor.departments.includes(d));

/**
 * The departments an admin acted for without belonging to them — recorded in history as 代理入力 (entered or
 * submitted on a department's behalf, typically one that has no account of its own). Empty for editors, who only
 * ever act for their own departments, and for an admin acting within their own.
 */
export const onBehalfOf = (
  actor: Pick<Actor, 'role' | 'departments'>,
  departments: readonly string[],
): string[] => (actor.role === 'admin' ? departments.filter((d) => !actor.departments.includes(d)) : []);

/** How history stores `onBehalfOf` (所属コード separated by spaces; null when nobody was acted for). */
export const onBehalfText = (departments: readonly string[]): string | null =>
  departments.length === 0 ? null : [...new Set(departments)].join(' ');
