import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { generateInitialPassword, hashPassword } from '../../auth/password-hash.ts';
import { type PasswordContext, passwordProblems } from '../../auth/password-policy.ts';
import { prepareDatabase } from '../../db/bootstrap.ts';
import type { Database } from '../../db/database.ts';
import {
  type AccountAudit,
  auditAccount,
  DuplicateLoginError,
  findUserByLogin,
  hasActiveAdmin,
  insertUser,
  listUsers,
  type StaffUser,
  setDisabled,
  setPassword,
} from '../../db/repositories/user.repository.ts';
import { ROLE_LABELS, ROLES } from '../../domain/staff/role.ts';
import { CliError } from '../errors.ts';
import { type CliIo, toJson } from '../io.ts';
import { withDatabase } from '../plan-source.ts';
import { renderTable } from '../render/table.ts';

const codePoints = (text: string): number => [...text].length;

// The same rules as the checks on the users table (migration 0003_staff.sql), said in Japanese before the insert.
const addOptionsSchema = z
  .object({
    login: z
      .string()
      .regex(
        /^[A-Za-z0-9._-]{2,64}$/,
        '--login: ログインIDは半角英数字と「. _ -」の2〜64文字にしてください。',
      ),
    name: z
      .string()
      .trim()
      .refine(
        (name) => codePoints(name) >= 1 && codePoints(name) <= 100,
        '--name: 氏名は1〜100文字にしてください。',
      ),
    role: z.enum(ROLES, {
      error: (issue) =>
        `--role: 「${String(issue.input)}」は使えません。${ROLES.join(' / ')} のいずれかを指定してください。`,
    }),
    department: z.array(z.string()).default([]),
    email: z
      .string()
      .regex(/^[^@\s]+@[^@\s]+$/, '--email: メールアドレスの形式ではありません（例: tanaka@example.lg.jp）。')
      .max(254, '--email: メールアドレスが長すぎます。')
      .optional(),
    passwordStdin: z.boolean().default(false),
  })
  .superRefine((o, ctx) => {
    if (o.role === 'editor' && o.department.length === 0)
      ctx.addIssue({
        code: 'custom',
        message: '--department: 入力担当（editor）には担当課コードを1つ以上指定してください。',
      });
    if (o.role !== 'editor' && o.department.length > 0)
      ctx.addIssue({
        code: 'custom',
        message: '--department: 管理者（admin）と閲覧（viewer）には担当課を指定できません。',
      });
  });

/** `shinchoku user add|list|disable|enable|reset-password|reset-mfa`: staff accounts for the web screens. */
export const registerUser = (program: Command, io: CliIo): void => {
  const user = program
    .command('user')
    .description('職員アカウントの作成・一覧・無効化・パスワードと二要素認証の再設定');

  user
    .command('add')
    .description('アカウントを作成する（初回ログイン時にパスワードの変更が必要）')
    .requiredOption('--login <id>', 'ログインID（半角英数字と . _ - の2〜64文字）')
    .requiredOption('--name <name>', '氏名')
    .requiredOption('--role <role>', `役割: ${ROLES.map((r) => `${r}（${ROLE_LABELS[r]}）`).join(' | ')}`)
    .option('--department <code...>', '担当課コード（入力担当のみ、複数指定可）')
    .option('--email <address>', '督促メールの宛先（任意）')
    .option('--password-stdin', '初期パスワードを標準入力から読む（省略時は自動生成して表示）', false)
    .action(async (raw: unknown) => {
      const parsed = addOptionsSchema.safeParse(raw);
      if (!parsed.success) {
        throw new CliError(
          'アカウントを作成できません。',
          2,
          parsed.error.issues.map((i) => `  ${i.message}`),
        );
      }
      const { login, name, role, department: departments, email, passwordStdin } = parsed.data;
      // Read stdin before opening the database: the embedded one stays locked while a command holds it.
      const password = passwordStdin
        ? await acceptablePassword(io, { login, name })
        : generateInitialPassword();
      const passwordHash = await hashPassword(password);
      const created = await withPreparedDatabase(async (db) => {
        await checkDepartments(db, departments);
        try {
          return await insertUser(
            db,
            { login, name, role, departments, passwordHash, email: email ?? null },
            CLI_AUDIT(),
          );
        } catch (e) {
          if (e instanceof DuplicateLoginError) throw new CliError(e.message);
          throw e;
        }
      });
      const where = created.departments.length > 0 ? `、担当課: ${created.departments.join('、')}` : '';
      io.out(
        `アカウント「${created.login}」を作成しました（${created.name}、${ROLE_LABELS[created.role]}${where}）。`,
      );
      io.out(passwordStdin ? '初期パスワードは標準入力から設定しました。' : oneTimePasswordNote(password));
      io.out('初回ログイン時に本人によるパスワードの変更が必要です。');
    });

  user
    .command('list')
    .description('アカウントの一覧を表示する')
    .option('--format <format>', '出力形式: table | json', 'table')
    .action(async (options: { format: string }) => {
      if (options.format !== 'table' && options.format !== 'json') {
        throw new CliError(
          `--format: 「${options.format}」は使えません。table / json のいずれかを指定してください。`,
        );
      }
      const users = await withPreparedDatabase((db) => listUsers(db));
      io.out(options.format === 'json' ? toJson(users.map(userJson)) : usersText(users));
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
      .action(async (login: string) => {
        await withPreparedDatabase(async (db) => {
          const found = await existingUser(db, login);
          if (found.disabled === disabled) {
            io.out(`アカウント「${login}」は既に${verb}です（変更なし）。`);
            return;
          }
          await setDisabled(db, found.id, disabled, CLI_AUDIT());
          io.out(
            `アカウント「${login}」を${verb}にしました。${disabled ? 'ログイン中のセッションはすべて終了しました。' : ''}`,
          );
          if (disabled && !(await hasActiveAdmin(db))) {
            io.err('注意: 有効な管理者アカウントがなくなりました。shinchoku user enable で戻せます。');
          }
        });
      });
  }

  user
    .command('reset-password')
    .description('パスワードを再設定する（新しい初期パスワード。ログイン中のセッションはすべて終了する）')
    .argument('<login>', 'ログインID')
    .option('--password-stdin', '新しいパスワードを標準入力から読む（省略時は自動生成して表示）', false)
    .action(async (login: string, options: { passwordStdin: boolean }) => {
      const typed = options.passwordStdin ? await readPasswordFromStdin(io) : undefined;
      const found = await withPreparedDatabase(async (db) => {
        const existing = await existingUser(db, login);
        const password = typed ?? generateInitialPassword();
        if (typed !== undefined) refuseProblems(typed, { login: existing.login, name: existing.name });
        await setPassword(db, existing.id, await hashPassword(password), true, undefined, CLI_AUDIT());
        return { existing, password };
      });
      io.out(
        `アカウント「${login}」のパスワードを再設定しました。ログイン中のセッションはすべて終了しました。`,
      );
      io.out(
        typed !== undefined
          ? '新しいパスワードは標準入力から設定しました。'
          : oneTimePasswordNote(found.password),
      );
      io.out('次回ログイン時に本人によるパスワードの変更が必要です。');
      if (found.existing.disabled)
        io.err(`注意: アカウント「${login}」は無効のままです（shinchoku user enable）。`);
    });

  user
    .command('reset-mfa')
    .description('二要素認証の登録を解除する（端末の紛失時。ログイン中のセッションはすべて終了する）')
    .argument('<login>', 'ログインID')
    .action(async (login: string) => {
      await withPreparedDatabase(async (db) => {
        const found = await existingUser(db, login);
        await resetMfa(db, found.id);
      });
      io.out(
        `アカウント「${login}」の二要素認証の登録を解除し、ログイン中のセッションをすべて終了しました。` +
          '次回ログイン時に、新しい端末で登録し直してください。',
      );
    });
};

const withPreparedDatabase = <T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> =>
  withDatabase(async ({ db }) => {
    await prepareDatabase(db);
    return work(db);
  });

/** Account changes made at the command line are recorded as made by the operating-system user who ran it. */
const CLI_AUDIT = (): AccountAudit => {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // no user name (some containers): keep 'unknown'
  }
  return { actor: `cli:${who}` };
};

async function existingUser(db: Kysely<Database>, login: string): Promise<StaffUser> {
  const found = await findUserByLogin(db, login);
  if (found === undefined) {
    throw new CliError(`ログインID「${login}」のアカウントはありません。`, 2, [
      '  shinchoku user list で一覧を表示できます。',
    ]);
  }
  return found;
}

/** Forgets the second factor (a lost phone) and ends every session of the account, in one transaction. */
async function resetMfa(db: Kysely<Database>, userId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('users').select('login').where('id', '=', userId).executeTakeFirst();
    await auditAccount(trx, row?.login ?? String(userId), 'totp', '登録済み', '解除', CLI_AUDIT());
    await trx
      .updateTable('users')
      .set((eb) => ({
        totp_secret: null,
        totp_pending_secret: null,
        totp_last_step: null,
        version: eb('version', '+', 1),
        updated_at: new Date(),
      }))
      .where('id', '=', userId)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  });
}

/** Department codes are per plan; an editor's code must exist in at least one stored plan. */
async function checkDepartments(db: Kysely<Database>, codes: readonly string[]): Promise<void> {
  if (codes.length === 0) return;
  const { rows } = await sql<{ code: string; bureau: string; division: string }>`
    select distinct on (code) code, bureau, division from departments order by code, plan_id desc
  `.execute(db);
  const unknown = codes.filter((code) => !rows.some((r) => r.code === code));
  if (unknown.length === 0) return;
  throw new CliError(
    `--department: 担当課コード${unknown.map((c) => `「${c}」`).join('')}はどの計画にもありません。`,
    2,
    rows.length === 0
      ? ['  登録されている担当課はありません。']
      : ['  登録されている担当課コード:', ...rows.map((r) => `    ${r.code}（${r.bureau} ${r.division}）`)],
  );
}

const oneTimePasswordNote = (password: string): string =>
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

function refuseProblems(password: string, context: PasswordContext): void {
  const problems = passwordProblems(password, context);
  if (problems.length > 0) {
    throw new CliError(
      'このパスワードは使えません。',
      2,
      problems.map((p) => `  ${p}`),
    );
  }
}

async function acceptablePassword(io: CliIo, context: PasswordContext): Promise<string> {
  const password = await readPasswordFromStdin(io);
  refuseProblems(password, context);
  return password;
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
