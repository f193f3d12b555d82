import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
  type AccountWorkspace,
  createAccount,
  departmentChoices,
  disableAccount,
  enableAccount,
  listAccounts,
  resetMfa,
  resetPassword,
  setDepartments,
  setRole,
} from '../../app/accounts.ts';
import { chooseOrganisation } from '../../app/organisations.ts';
import { Refusal } from '../../app/workspace.ts';
import { prepareDatabase } from '../../db/bootstrap.ts';
import type { Database } from '../../db/database.ts';
import type { StaffUser } from '../../db/repositories/user.repository.ts';
import { type DepartmentRuleProblem, departmentRuleProblem } from '../../domain/staff/account-rules.ts';
import type { Actor } from '../../domain/staff/actor.ts';
import { ROLE_LABELS, ROLES } from '../../domain/staff/role.ts';
import { CliError } from '../errors.ts';
import { type CliIo, toJson } from '../io.ts';
import { withDatabase } from '../plan-source.ts';
import { renderTable } from '../render/table.ts';

// The command line speaks of its options and of roles by their stored words (`--role editor`), so it says the
// departments rule (domain/staff/account-rules.ts) in those terms before the use case, which checks it again.
const CLI_DEPARTMENT_RULE: Readonly<Record<DepartmentRuleProblem, string>> = {
  'editor-without-department': '--department: 入力担当（editor）には担当課コードを1つ以上指定してください。',
  'departments-not-allowed': '--department: 管理者（admin）と閲覧（viewer）には担当課を指定できません。',
};

const roleOption = z.enum(ROLES, {
  error: (issue) =>
    `--role: 「${String(issue.input)}」は使えません。${ROLES.join(' / ')} のいずれかを指定してください。`,
});

const roleOptionsSchema = z
  .object({ role: roleOption, department: z.array(z.string()).default([]) })
  .superRefine((o, ctx) => {
    const problem = departmentRuleProblem(o.role, o.department);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: CLI_DEPARTMENT_RULE[problem] });
  });

/** Reads --role and --department (the rest of the account is read by the use case). */
function readRoleOptions(raw: unknown, headline: string) {
  const parsed = roleOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new CliError(
      headline,
      2,
      parsed.error.issues.map((i) => `  ${i.message}`),
    );
  }
  return parsed.data;
}

/** The option each field of a use case's input comes from. */
const OPTION_OF: Readonly<Record<string, string>> = {
  login: '--login',
  name: '--name',
  role: '--role',
  departments: '--department',
  email: '--email',
  organisation: '--organisation',
};

/** Every account command acts inside one organisation; without the option, the default one. */
const ORGANISATION_OPTION = [
  '--organisation <code>',
  '団体コード（6桁または5桁）: この団体のアカウントを操作する（省略時は既定の団体。shinchoku organisation list で一覧）',
] as const;

interface OrganisationOption {
  organisation?: string;
}

/** A use case's refusal as the command's error (exit 2), each problem beside its option. */
async function asCliError(e: unknown, db: Kysely<Database>): Promise<unknown> {
  if (!(e instanceof Refusal)) return e;
  const lines = e.details.map((d) => `  ${OPTION_OF[d.path] ? `${OPTION_OF[d.path]}: ` : ''}${d.message}`);
  if (e.kind === 'not_found') lines.push('  shinchoku user list で一覧を表示できます。');
  if (e.details.some((d) => d.path === 'departments')) {
    const known = await departmentChoices({ db }, cliActor());
    lines.push(
      ...(known.length === 0
        ? ['  登録されている担当課はありません。']
        : [
            '  登録されている担当課コード:',
            ...known.map((r) => `    ${r.code}（${r.bureau} ${r.division}）`),
          ]),
    );
  }
  return new CliError(e.message, 2, lines);
}

/** `shinchoku user …`: staff accounts for the web screens, through the same use cases as /admin/users. */
export const registerUser = (program: Command, io: CliIo): void => {
  const user = program
    .command('user')
    .description('職員アカウントの作成・一覧・無効化・役割と担当課・パスワードと二要素認証の再設定');

  user
    .command('add')
    .description('アカウントを作成する（初回ログイン時にパスワードの変更が必要）')
    .requiredOption('--login <id>', 'ログインID（半角英数字と . _ - の2〜64文字）')
    .requiredOption('--name <name>', '氏名')
    .requiredOption('--role <role>', `役割: ${ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`).join(' | ')}`)
    .option('--department <code...>', '担当課コード（入力担当のみ、複数指定可）')
    .option('--email <address>', '督促メールの宛先（任意）')
    .option('--password-stdin', '初期パスワードを標準入力から読む（省略時は自動生成して表示）', false)
    .option(...ORGANISATION_OPTION)
    .action(
      async (
        raw: {
          login: string;
          name: string;
          email?: string;
          passwordStdin: boolean;
          role: string;
        } & OrganisationOption,
      ) => {
        const { role, department: departments } = readRoleOptions(raw, 'アカウントを作成できません。');
        // Read stdin before opening the database: the embedded one stays locked while a command holds it.
        const password = raw.passwordStdin ? await readPasswordFromStdin(io) : undefined;
        const { account, oneTimePassword } = await withAccounts(raw, (ws, actor) =>
          createAccount(ws, actor, {
            login: raw.login,
            name: raw.name,
            role,
            departments,
            email: raw.email,
            password,
          }),
        );
        const where = account.departments.length > 0 ? `、担当課: ${account.departments.join('、')}` : '';
        io.out(
          `アカウント「${account.login}」を作成しました（${account.name}、${ROLE_LABELS[account.role]}${where}）。`,
        );
        io.out(
          oneTimePassword === null
            ? '初期パスワードは標準入力から設定しました。'
            : oneTimePasswordNote(oneTimePassword),
        );
        io.out('初回ログイン時に本人によるパスワードの変更が必要です。');
      },
    );

  user
    .command('list')
    .description('アカウントの一覧を表示する')
    .option('--format <format>', '出力形式: table | json', 'table')
    .option(...ORGANISATION_OPTION)
    .action(async (options: { format: string } & OrganisationOption) => {
      if (options.format !== 'table' && options.format !== 'json') {
        throw new CliError(
          `--format: 「${options.format}」は使えません。table / json のいずれかを指定してください。`,
        );
      }
      const { accounts } = await withAccounts(options, (ws, actor) => listAccounts(ws, actor));
      io.out(options.format === 'json' ? toJson(accounts.map(userJson)) : usersText(accounts));
    });

  for (const disabled of [true, false]) {
    const verb = disabled ? '無効' : '有効';
    user
      .command(disabled ? 'disable' : 'enable')
      .description(
        disabled
          ? 'アカウントを無効にする（ログイン中のセッションもすべて終了する）'
          : 'アカウントを有効に戻す',
      )
      .argument('<login>', 'ログインID')
      .option(...ORGANISATION_OPTION)
      .action(async (login: string, options: OrganisationOption) => {
        const { changed } = await withAccounts(options, (ws, actor) =>
          (disabled ? disableAccount : enableAccount)(ws, actor, { login }),
        );
        io.out(
          changed
            ? `アカウント「${login}」を${verb}にしました。${disabled ? 'ログイン中のセッションはすべて終了しました。' : ''}`
            : `アカウント「${login}」は既に${verb}です（変更なし）。`,
        );
      });
  }

  user
    .command('set-role')
    .description('役割と担当課を変更する（入力担当には担当課が1つ以上必要）')
    .argument('<login>', 'ログインID')
    .requiredOption('--role <role>', `役割: ${ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`).join(' | ')}`)
    .option('--department <code...>', '担当課コード（入力担当のみ、複数指定可）')
    .option(...ORGANISATION_OPTION)
    .action(async (login: string, raw: OrganisationOption) => {
      const { role, department } = readRoleOptions(raw, '役割と担当課を変更できません。');
      const { account, changed } = await withAccounts(raw, (ws, actor) =>
        setRole(ws, actor, { login, role, departments: department }),
      );
      io.out(
        changed
          ? `アカウント「${login}」を${roleAndDepartments(account)}にしました。`
          : `アカウント「${login}」は既に${roleAndDepartments(account)}です（変更なし）。`,
      );
    });

  user
    .command('set-departments')
    .description('入力担当の担当課を変更する')
    .argument('<login>', 'ログインID')
    .requiredOption('--department <code...>', '担当課コード（複数指定可）')
    .option(...ORGANISATION_OPTION)
    .action(async (login: string, raw: { department: string[] } & OrganisationOption) => {
      const { account, changed } = await withAccounts(raw, (ws, actor) =>
        setDepartments(ws, actor, { login, departments: raw.department }),
      );
      io.out(
        changed
          ? `アカウント「${login}」を${roleAndDepartments(account)}にしました。`
          : `アカウント「${login}」は既に${roleAndDepartments(account)}です（変更なし）。`,
      );
    });

  user
    .command('reset-password')
    .description('パスワードを再設定する（新しい初期パスワード。ログイン中のセッションはすべて終了する）')
    .argument('<login>', 'ログインID')
    .option('--password-stdin', '新しいパスワードを標準入力から読む（省略時は自動生成して表示）', false)
    .option(...ORGANISATION_OPTION)
    .action(async (login: string, options: { passwordStdin: boolean } & OrganisationOption) => {
      const password = options.passwordStdin ? await readPasswordFromStdin(io) : undefined;
      const { account, oneTimePassword } = await withAccounts(options, (ws, actor) =>
        resetPassword(ws, actor, { login, password }),
      );
      io.out(
        `アカウント「${login}」のパスワードを再設定しました。ログイン中のセッションはすべて終了しました。`,
      );
      io.out(
        oneTimePassword === null
          ? '新しいパスワードは標準入力から設定しました。'
          : oneTimePasswordNote(oneTimePassword),
      );
      io.out('次回ログイン時に本人によるパスワードの変更が必要です。');
      if (account.disabled) io.err(`注意: アカウント「${login}」は無効のままです（shinchoku user enable）。`);
    });

  user
    .command('reset-mfa')
    .description('二要素認証の登録を解除する（端末の紛失時。ログイン中のセッションはすべて終了する）')
    .argument('<login>', 'ログインID')
    .option(...ORGANISATION_OPTION)
    .action(async (login: string, options: OrganisationOption) => {
      await withAccounts(options, (ws, actor) => resetMfa(ws, actor, { login }));
      io.out(
        `アカウント「${login}」の二要素認証の登録を解除し、ログイン中のセッションをすべて終了しました。` +
          '次回ログイン時に、新しい端末で登録し直してください。',
      );
    });
};

/**
 * Runs account use cases on the prepared database as the CLI's actor, inside the organisation of --organisation (else
 * the default one) through its scoped handle; their refusals become the command's.
 */
const withAccounts = <T>(
  options: OrganisationOption,
  work: (ws: AccountWorkspace, actor: Actor) => Promise<T>,
): Promise<T> =>
  withDatabase(async (handle) => {
    await prepareDatabase(handle.db);
    const organisation = await chooseOrganisation(handle, options.organisation).catch((e: unknown) => {
      throw e instanceof Refusal
        ? new CliError(
            `--organisation: ${e.message}`,
            2,
            e.details.map((d) => `  ${d.message}`),
          )
        : e;
    });
    const db = handle.forOrganisation(organisation.id);
    try {
      return await work({ db }, cliActor());
    } catch (e) {
      throw await asCliError(e, db);
    }
  });

/**
 * Account changes made at the command line are recorded as made by the operating-system user who ran it
 * (`cli:<name>`); whoever has the server's shell acts as an admin.
 */
export function cliActor(): Actor {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // no user name (some containers): keep 'unknown'
  }
  return { login: `cli:${who}`, role: 'admin', departments: [], requestId: null };
}

const roleAndDepartments = (account: StaffUser): string =>
  account.departments.length === 0
    ? ROLE_LABELS[account.role]
    : `${ROLE_LABELS[account.role]}（担当課: ${account.departments.join('、')}）`;

export const oneTimePasswordNote = (password: string): string =>
  [
    `初期パスワード（この一度だけ表示します）: ${password}`,
    '本人に安全な方法で伝えてください（メール本文やチャットには書かないでください）。',
  ].join('\n');

// A password piped in by `echo … |` ends with one newline that is not part of it; a bound keeps junk out.
const MAX_STDIN_BYTES = 4096;

async function readPasswordFromStdin(io: CliIo): Promise<string> {
  if (process.stdin.isTTY)
    io.err('パスワードを入力し、改行のあと Ctrl-D で終了してください（入力は表示されます）。');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_STDIN_BYTES) throw new CliError('標準入力が長すぎます。パスワードだけを渡してください。');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const userJson = (u: StaffUser) => ({
  login: u.login,
  name: u.name,
  role: u.role,
  roleLabel: ROLE_LABELS[u.role],
  departments: u.departments,
  disabled: u.disabled,
  mfaEnabled: u.mfaEnabled,
  mustChangePassword: u.mustChangePassword,
});

function usersText(users: readonly StaffUser[]): string {
  if (users.length === 0) return 'アカウントはまだありません。shinchoku user add で作成してください。';
  return renderTable(
    [
      { header: 'ログインID' },
      { header: '氏名' },
      { header: '役割' },
      { header: '担当課' },
      { header: '状態' },
      { header: '二要素認証' },
      { header: '初期パスワード変更待ち' },
    ],
    users.map((u) => [
      u.login,
      u.name,
      ROLE_LABELS[u.role],
      u.departments.join('、') || '—',
      u.disabled ? '無効' : '有効',
      u.mfaEnabled ? '登録済み' : '未登録',
      u.mustChangePassword ? 'はい' : '—',
    ]),
  );
}
