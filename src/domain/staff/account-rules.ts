// The rules of a staff account that do not depend on storage: what a login may look like (the same as the CHECK of
// the users table, migration 0003_staff.sql), which roles list departments, and who must stay an active admin.
import type { Role } from './role.ts';

/** A login: ASCII letters, digits and 「. _ -」, 2 to 64 characters. */
export const LOGIN_PATTERN = /^[A-Za-z0-9._-]{2,64}$/;

/** 氏名: 1 to 100 characters (code points, after trimming). */
export const NAME_MAX_LENGTH = 100;

/** Why an account's departments do not fit its role. */
export type DepartmentRuleProblem =
  /** an editor (入力担当) answers for their departments, so needs at least one */
  | 'editor-without-department'
  /** admins and viewers act for every department and list none */
  | 'departments-not-allowed';

/** Whether the departments fit the role, e.g. ('editor', []) → 'editor-without-department'. */
export function departmentRuleProblem(
  role: Role,
  departments: readonly string[],
): DepartmentRuleProblem | undefined {
  if (role === 'editor') return departments.length === 0 ? 'editor-without-department' : undefined;
  return departments.length > 0 ? 'departments-not-allowed' : undefined;
}

/**
 * Whether taking `login` out of the active admins (disabling or demoting it) would leave none: somebody must always
 * be able to manage accounts and run the 照会 from the browser.
 */
export const leavesNoActiveAdmin = (activeAdmins: readonly string[], login: string): boolean =>
  activeAdmins.includes(login) && activeAdmins.every((admin) => admin === login);
