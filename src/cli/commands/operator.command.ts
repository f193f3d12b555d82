// `shinchoku operator …`: the accounts of the people who run the service (運営者), who sign in to its console at
// /service/. Whoever has the server's shell creates them; a new or reset account gets a one-time password, changed
// at the first sign-in, after which the console asks for a second factor.
import type { Command } from 'commander';
import {
  addOperator,
  listOperators,
  type Operator,
  type OperatorWorkspace,
  resetOperatorPassword,
  setOperatorEnabled,
} from '../../app/operators.ts';
import { Refusal } from '../../app/workspace.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { CliError } from '../errors.ts';
import { type CliIo, toJson } from '../io.ts';
import { withDatabase } from '../plan-source.ts';
import { renderTable } from '../render/table.ts';
import { oneTimePasswordNote } from './user.command.ts';

/** The option each field of a refusal comes from. */
const OPTION_OF: Readonly<Record<string, string>> = { login: '--login', name: '--name' };

/** Runs on the owner's handle of the migrated database; refusals exit 2, each problem beside its option. */
const withOperators = <T>(work: (ws: OperatorWorkspace) => Promise<T>): Promise<T> =>
  withDatabase(async (handle) => {
    await migrateToLatest(handle.db);
    try {
      return await work({ db: handle.db });
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      const lines = e.details.map(
        (d) => `  ${OPTION_OF[d.path] ? `${OPTION_OF[d.path]}: ` : ''}${d.message}`,
      );
      throw new CliError(e.message, 2, lines);
    }
  });

const stateOf = (o: Operator): string =>
  o.disabled
    ? '無効'
    : o.mustChangePassword
      ? '初期パスワード'
      : o.mfaEnabled
        ? '有効'
        : '二要素認証の登録待ち';

export const registerOperator = (program: Command, io: CliIo): void => {
  const operator = program
    .command('operator')
    .description('運営者（サービスを運営する人）のアカウントの作成・一覧・無効化・パスワードの再設定');

  operator
    .command('add')
    .description(
      '運営者アカウントを作成し、初期パスワードを表示する（初回ログイン時に変更と二要素認証の登録）',
    )
    .requiredOption('--login <id>', 'ログインID（半角英数字と . _ -、2〜64文字）')
    .requiredOption('--name <name>', '氏名')
    .action(async (options: { login: string; name: string }) => {
      const { operator: added, oneTimePassword } = await withOperators((ws) => addOperator(ws, options));
      io.out(`運営者アカウント「${added.login}」を作成しました（${added.name}）。`);
      io.out(oneTimePasswordNote(oneTimePassword));
      io.out(
        '運営者の画面 /service/login でログインし、パスワードの変更と二要素認証の登録を済ませてください。',
      );
    });

  operator
    .command('list')
    .description('運営者アカウントを表示する（ログインID・氏名・状態）')
    .option('--format <format>', '出力形式: table | json', 'table')
    .action(async (options: { format: string }) => {
      if (options.format !== 'table' && options.format !== 'json') {
        throw new CliError(
          `--format: 「${options.format}」は使えません。table / json のいずれかを指定してください。`,
        );
      }
      const all = await withOperators((ws) => listOperators(ws));
      if (options.format === 'json') {
        io.out(
          toJson(
            all.map((o) => ({
              login: o.login,
              name: o.name,
              disabled: o.disabled,
              mustChangePassword: o.mustChangePassword,
              mfaEnabled: o.mfaEnabled,
            })),
          ),
        );
        return;
      }
      if (all.length === 0) {
        io.out(
          '運営者アカウントはまだありません。shinchoku operator add --login <ID> --name <氏名> で作成してください。',
        );
        return;
      }
      io.out(
        renderTable(
          [{ header: 'ログインID' }, { header: '氏名' }, { header: '状態' }],
          all.map((o) => [o.login, o.name, stateOf(o)]),
        ),
      );
    });

  for (const [name, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    operator
      .command(name)
      .description(
        enabled
          ? '無効にした運営者アカウントを有効に戻す'
          : '運営者アカウントを無効にする（ログイン中のセッションも終了）',
      )
      .requiredOption('--login <id>', 'ログインID')
      .action(async (options: { login: string }) => {
        const changed = await withOperators((ws) => setOperatorEnabled(ws, options.login, enabled));
        io.out(
          enabled
            ? `運営者アカウント「${changed.login}」を有効にしました。`
            : `運営者アカウント「${changed.login}」を無効にしました。ログイン中のセッションも終了しました。`,
        );
      });
  }

  operator
    .command('reset-password')
    .description('運営者アカウントの初期パスワードを発行し直す（次回ログイン時に変更。セッションは終了）')
    .requiredOption('--login <id>', 'ログインID')
    .action(async (options: { login: string }) => {
      const { operator: reset, oneTimePassword } = await withOperators((ws) =>
        resetOperatorPassword(ws, options.login),
      );
      io.out(`運営者アカウント「${reset.login}」のパスワードを再設定しました。`);
      io.out(oneTimePasswordNote(oneTimePassword));
      io.out('次回ログイン時に本人によるパスワードの変更が必要です。二要素認証の登録はそのままです。');
      if (reset.disabled)
        io.err(`注意: アカウント「${reset.login}」は無効のままです（shinchoku operator enable）。`);
    });
};
