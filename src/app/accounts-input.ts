// What an account form or command sends, read once: each problem named by its field (login, name, role,
// departments, email, password) with a Japanese message, so the web form shows it beside the field and the CLI
// beside its option.
import { z } from 'zod';
import { type PasswordContext, passwordProblems } from '../auth/password-policy.ts';
import {
  type DepartmentRuleProblem,
  departmentRuleProblem,
  LOGIN_PATTERN,
  NAME_MAX_LENGTH,
} from '../domain/staff/account-rules.ts';
import { ROLE_LABELS, ROLES, type Role } from '../domain/staff/role.ts';
import { Refusal } from './workspace.ts';

/** A problem with one field of the input. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
}

const codePoints = (text: string): number => [...text].length;

/** The departments rule in words, with the roles named as staff read them. */
export const DEPARTMENT_RULE_MESSAGES: Readonly<Record<DepartmentRuleProblem, string>> = {
  'editor-without-department': `${ROLE_LABELS.editor}には担当課を1つ以上指定してください。`,
  'departments-not-allowed': `${ROLE_LABELS.admin}と${ROLE_LABELS.viewer}には担当課を指定できません。`,
};

const loginField = z
  .string()
  .regex(LOGIN_PATTERN, 'ログインIDは半角英数字と「. _ -」の2〜64文字にしてください。');

const accountSchema = z.object({
  login: loginField,
  name: z
    .string()
    .trim()
    .refine(
      (name) => codePoints(name) >= 1 && codePoints(name) <= NAME_MAX_LENGTH,
      `氏名は1〜${NAME_MAX_LENGTH}文字にしてください。`,
    ),
  role: z.enum(ROLES, { error: '役割を選んでください。' }),
  departments: z.array(z.string().trim().min(1)).transform((codes) => [...new Set(codes)].sort()),
  email: z
    .string()
    .trim()
    .max(254, 'メールアドレスが長すぎます。')
    .regex(/^[^@\s]+@[^@\s]+$/, 'メールアドレスの形式ではありません（例: tanaka@example.lg.jp）。')
    .optional(),
});

/** A new account as the edges send it; `role` is the stored word, checked here. */
export interface NewAccountInput {
  readonly login: string;
  readonly name: string;
  readonly role: string;
  readonly departments: readonly string[];
  /** Where reminders go; empty or absent for none. */
  readonly email?: string | undefined;
  /** The initial password; absent to have one generated (shown once). */
  readonly password?: string | undefined;
}

export interface NewAccount {
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  readonly departments: readonly string[];
  readonly email: string | null;
}

const problemsOf = (error: z.ZodError): FieldProblem[] =>
  error.issues.map((issue) => ({ path: String(issue.path[0] ?? ''), message: issue.message }));

/** The role and departments together, or the problems (the departments rule named on `departments`). */
export function readRoleAndDepartments(
  role: string,
  departments: readonly string[],
): { role: Role; departments: string[]; problems: FieldProblem[] } {
  const parsed = accountSchema.pick({ role: true, departments: true }).safeParse({ role, departments });
  if (!parsed.success) return { role: 'viewer', departments: [], problems: problemsOf(parsed.error) };
  const rule = departmentRuleProblem(parsed.data.role, parsed.data.departments);
  return {
    ...parsed.data,
    problems: rule === undefined ? [] : [{ path: 'departments', message: DEPARTMENT_RULE_MESSAGES[rule] }],
  };
}

/** The password's problems against the policy and the account's own login and name. */
export const passwordFieldProblems = (password: string, context: PasswordContext): FieldProblem[] =>
  passwordProblems(password, context).map((message) => ({ path: 'password', message }));

/** Reads a new account, refusing with every problem at once. */
export function readNewAccount(input: NewAccountInput): NewAccount {
  const email = input.email?.trim() === '' ? undefined : input.email;
  const parsed = accountSchema.safeParse({ ...input, email });
  const problems = parsed.success ? [] : problemsOf(parsed.error);
  // The departments rule is said even when another field is wrong, so one round trip shows every problem.
  const combination = readRoleAndDepartments(input.role, input.departments).problems.filter(
    (p) => p.path === 'departments',
  );
  const password =
    input.password === undefined
      ? []
      : passwordFieldProblems(input.password, { login: input.login, name: input.name });
  const all = [...problems, ...combination, ...password];
  if (!parsed.success || all.length > 0) throw new Refusal('invalid', 'アカウントを作成できません。', all);
  return { ...parsed.data, email: parsed.data.email ?? null };
}
