// `shinchoku organisation restore --from DIR|ZIP`: an organisation back from its export folder — after it was deleted
// here, or on another service it moves to. The folder is checked whole before anything is written; the restore is
// one transaction (app/organisation-restore.ts). Accounts come back without passwords: the command says, per
// account, how its person gets access again.
import type { Command } from 'commander';
import { type RestoreResult, restoreOrganisation } from '../../app/organisation-restore.ts';
import { Refusal } from '../../app/workspace.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { readOrganisationBackup } from '../../io/interchange/read-organisation-export.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { withDatabase } from '../plan-source.ts';
import { cliActor } from './user.command.ts';

/** What each record file holds, as the message counts it. */
const ROW_LABELS: readonly (readonly [string, string])[] = [
  ['users', 'アカウント'],
  ['reporting_cycles', '報告サイクル'],
  ['department_answers', '所属の回答'],
  ['publications', '公表'],
  ['history', '変更履歴'],
];

/** Registers `organisation restore` under the `organisation` command. */
export const registerOrganisationRestore = (organisation: Command, io: CliIo): void => {
  organisation
    .command('restore')
    .description(
      '書き出したフォルダ（organisation export）から団体を復元する（削除した団体を戻す・別のサービスへ移す）',
    )
    .requiredOption(
      '--from <path>',
      'shinchoku organisation export で書き出したフォルダ、または「団体のデータ」でダウンロードしたzip',
    )
    .addHelpText(
      'after',
      [
        '',
        'フォルダのすべてのファイルを確かめてから、1つのトランザクションで団体とそのデータを作成します。',
        '問題が1つでもあれば何も書き込みません。同じ団体コードの団体がこのサービスにあるときは復元できません。',
        'アカウントにはパスワードが含まれないため、復元後に shinchoku user reset-password で再設定してください。',
        'ログイン中のセッションと未使用の招待は復元しません。',
      ].join('\n'),
    )
    .action(async (options: { from: string }) => {
      const backup = await readOrganisationBackup(options.from);
      if (!backup.ok) {
        throw new CliError(
          `--from: フォルダ ${options.from} から復元できません（何も書き込んでいません）。`,
          2,
          backup.error.map((line) => `  ${line}`),
        );
      }
      const result = await withDatabase(async (handle) => {
        await migrateToLatest(handle.db);
        try {
          return await restoreOrganisation(handle, cliActor(), backup.value);
        } catch (e) {
          if (e instanceof Refusal) {
            throw new CliError(
              e.message,
              2,
              e.details.map((d) => `  ${d.message}`),
            );
          }
          if (e instanceof CliError) throw e;
          // A value the database refuses that the checks let through: the transaction was rolled back whole.
          throw new CliError(
            '復元できませんでした。データベースが受け付けない値がありました（何も書き込んでいません）。',
            2,
            [`  詳細: ${e instanceof Error ? e.message : String(e)}`],
          );
        }
      });
      io.out(restoredMessage(result, options.from).join('\n'));
    });
};

function restoredMessage(result: RestoreResult, from: string): string[] {
  const o = result.organisation;
  const counts = ROW_LABELS.map(([table, label]) => `${label} ${result.rows[table] ?? 0}件`).join('、');
  const plans = result.plans.length === 0 ? 'なし' : result.plans.join('、');
  const lines = [
    `団体「${o.name}」（団体コード ${o.code}）を ${from} から復元しました。計画 ${result.plans.length}件（${plans}）、${counts}。`,
  ];
  if (result.accounts.length === 0) {
    lines.push(
      `アカウントはありません。管理者は shinchoku organisation invite --code ${o.code} で招待できます。`,
    );
    return lines;
  }
  lines.push(
    '復元したアカウントにはパスワードがありません（書き出しに含まれないため）。各職員のパスワードを次のコマンドで再設定し、表示される初期パスワードを本人に伝えてください:',
  );
  for (const a of result.accounts) {
    const note = a.disabled ? `（${a.name}、無効のアカウント）` : `（${a.name}）`;
    lines.push(`  shinchoku user reset-password ${a.login} --organisation ${o.code}  ${note}`);
  }
  const mfa = result.accounts.filter((a) => a.mfa_enabled).map((a) => a.login);
  if (mfa.length > 0) {
    lines.push(
      `二要素認証の登録は引き継がれません。登録していた職員（${mfa.join('、')}）は、ログイン後に登録し直してください。`,
    );
  }
  lines.push('ログイン中のセッションは復元していません。');
  return lines;
}
