import type { Command } from 'commander';
import { INVITATION_DAYS } from '../../app/invitations.ts';
import {
  addOrganisation,
  chooseOrganisation,
  deleteOrganisation,
  listServiceOrganisations,
  type OrganisationSummary,
  type OrganisationWorkspace,
  readOrganisationExport,
} from '../../app/organisations.ts';
import { Refusal } from '../../app/workspace.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import type { OrganisationKind } from '../../domain/organisations/registry.ts';
import type { Actor } from '../../domain/staff/actor.ts';
import {
  ExportFolderNotEmptyError,
  writeOrganisationExport,
} from '../../io/interchange/write-organisation-export.ts';
import { CliError } from '../errors.ts';
import { type CliIo, toJson } from '../io.ts';
import { withDatabase } from '../plan-source.ts';
import { renderTable } from '../render/table.ts';
import { inviteFirstAdmin, parseInvitationDays, parseInvitationEmail } from './organisation-invite.ts';
import { registerOrganisationRestore } from './organisation-restore.ts';
import { cliActor, oneTimePasswordNote } from './user.command.ts';

/** 種別 as staff say it. */
const KIND_LABELS: Readonly<Record<Exclude<OrganisationKind, 'ward'>, string>> = {
  prefecture: '都道府県',
  'designated-city': '政令指定都市',
  city: '市',
  'special-ward': '特別区',
  town: '町',
  village: '村',
};

/** The option each field of a refusal comes from. */
const OPTION_OF: Readonly<Record<string, string>> = {
  code: '--code',
  confirm: '--confirm',
  organisation: '--code',
  login: '--admin-login',
  name: '--admin-name',
  days: '--days',
};

/**
 * Runs an operator's use case on the migrated database (no sample data is loaded: a service of several organisations
 * starts empty); refusals become the command's error (exit 2), each problem beside its option.
 */
const withOrganisations = <T>(work: (ws: OrganisationWorkspace, actor: Actor) => Promise<T>): Promise<T> =>
  withDatabase(async (handle) => {
    await migrateToLatest(handle.db);
    try {
      return await work(handle, cliActor());
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      const lines = e.details.map(
        (d) => `  ${OPTION_OF[d.path] ? `${OPTION_OF[d.path]}: ` : ''}${d.message}`,
      );
      throw new CliError(e.message, 2, lines);
    }
  });

const kindLabel = (o: OrganisationSummary): string => (o.kind === null ? '—' : KIND_LABELS[o.kind]);

const DEFAULT_RULE =
  '既定の団体（最初に登録した団体）は、ほかの団体が残っている間は削除できません（団体を指定しないコマンドの書き込み先のため）。';

/** `shinchoku organisation …`: the governments this service holds, for its operator. */
export const registerOrganisation = (program: Command, io: CliIo): void => {
  const organisation = program
    .command('organisation')
    .description('このサービスの団体（地方公共団体）の追加・一覧・招待・書き出し・復元・削除（運営者向け）');

  organisation
    .command('list')
    .description('登録されている団体を表示する（団体コード・名称・種別・計画数・アカウント数・既定）')
    .option('--format <format>', '出力形式: table | json', 'table')
    .action(async (options: { format: string }) => {
      if (options.format !== 'table' && options.format !== 'json') {
        throw new CliError(
          `--format: 「${options.format}」は使えません。table / json のいずれかを指定してください。`,
        );
      }
      const all = await withOrganisations((ws, actor) => listServiceOrganisations(ws, actor));
      if (options.format === 'json') {
        io.out(
          toJson(
            all.map((o) => ({
              code: o.code,
              name: o.name,
              kind: o.kind,
              kindLabel: o.kind === null ? null : KIND_LABELS[o.kind],
              plans: o.plans,
              accounts: o.accounts,
              default: o.isDefault,
            })),
          ),
        );
        return;
      }
      if (all.length === 0) {
        io.out(
          '団体はまだ登録されていません。shinchoku organisation add --code <団体コード> で追加してください。',
        );
        return;
      }
      io.out(
        renderTable(
          [
            { header: '団体コード' },
            { header: '名称' },
            { header: '種別' },
            { header: '計画数', align: 'right' },
            { header: 'アカウント数', align: 'right' },
            { header: '既定' },
          ],
          all.map((o) => [
            o.code,
            o.name,
            kindLabel(o),
            String(o.plans),
            String(o.accounts),
            o.isDefault ? '既定' : '',
          ]),
        ),
      );
    });

  organisation
    .command('add')
    .description(
      '団体を追加する（名称・種別・都道府県・よみは地方公共団体コードから）。最初の管理者アカウントの作成か招待もできる',
    )
    .requiredOption('--code <code>', '団体コード（6桁は末尾の検査数字を含む。5桁も可）')
    .option('--admin-login <id>', '最初の管理者アカウントのログインID（--admin-name と一緒に指定）')
    .option('--admin-name <name>', '最初の管理者アカウントの氏名')
    .option(
      '--invite-admin',
      '最初の管理者を招待するリンクを作成する（本人がログインIDとパスワードを決める）',
    )
    .option('--days <days>', `招待の有効日数（1〜${INVITATION_DAYS.max}、既定 ${INVITATION_DAYS.default}）`)
    .option(
      '--email <address>',
      '招待のリンクをこのアドレスにメールでも送る（--invite-admin と一緒に。SMTPの設定が必要）',
    )
    .action(
      async (options: {
        code: string;
        adminLogin?: string;
        adminName?: string;
        inviteAdmin?: boolean;
        days?: string;
        email?: string;
      }) => {
        if ((options.adminLogin === undefined) !== (options.adminName === undefined)) {
          throw new CliError('--admin-login と --admin-name は両方とも指定してください。');
        }
        const admin =
          options.adminLogin === undefined || options.adminName === undefined
            ? undefined
            : { login: options.adminLogin, name: options.adminName };
        if (admin !== undefined && options.inviteAdmin === true) {
          throw new CliError(
            '--admin-login と --invite-admin は一緒に指定できません。どちらか一方にしてください。',
          );
        }
        const days = parseInvitationDays(options.days);
        if (options.email !== undefined && options.inviteAdmin !== true)
          throw new CliError('--email は --invite-admin と一緒に指定してください。');
        const email = parseInvitationEmail(options.email);
        const added = await withOrganisations(async (ws, actor) => {
          const result = await addOrganisation(ws, actor, { code: options.code, admin });
          const invitation =
            options.inviteAdmin === true
              ? await inviteFirstAdmin(ws, actor, result.organisation, days, email)
              : undefined;
          return { ...result, invitation };
        });
        const o = added.organisation;
        io.out(
          `団体「${o.name}」（団体コード ${o.code}、${o.kind === null ? '' : KIND_LABELS[o.kind]}）を追加しました。`,
        );
        if (added.admin !== undefined) {
          io.out(
            `管理者アカウント「${added.admin.account.login}」を作成しました（${added.admin.account.name}）。`,
          );
          if (added.admin.oneTimePassword !== null) io.out(oneTimePasswordNote(added.admin.oneTimePassword));
          io.out('初回ログイン時に本人によるパスワードの変更が必要です。');
        } else if (added.invitation !== undefined) {
          io.out(added.invitation.join('\n'));
        } else {
          io.out(
            `アカウントは shinchoku user add --organisation ${o.code} か shinchoku organisation invite --code ${o.code} で作成できます。`,
          );
        }
      },
    );

  organisation
    .command('invite')
    .description('団体の管理者を招待するリンクを作成する（一回限り。本人がログインIDとパスワードを決める）')
    .requiredOption('--code <code>', '団体コード')
    .option('--days <days>', `有効日数（1〜${INVITATION_DAYS.max}、既定 ${INVITATION_DAYS.default}）`)
    .option('--email <address>', '招待のリンクをこのアドレスにメールでも送る（SMTPの設定が必要）')
    .action(async (options: { code: string; days?: string; email?: string }) => {
      const days = parseInvitationDays(options.days);
      const email = parseInvitationEmail(options.email);
      const lines = await withOrganisations(async (ws, actor) =>
        inviteFirstAdmin(ws, actor, await chooseOrganisation(ws, options.code), days, email),
      );
      io.out(lines.join('\n'));
    });

  organisation
    .command('export')
    .description(
      '団体のデータ一式（計画・報告サイクル・回答・公表・アカウント・変更履歴）をフォルダに書き出す（団体の管理者が運営者への閲覧許可を出している間だけ）',
    )
    .requiredOption('--code <code>', '団体コード')
    .requiredOption('--out <dir>', '書き出し先のフォルダ（新しいフォルダか空のフォルダ）')
    .action(async (options: { code: string; out: string }) => {
      const result = await withOrganisations(async (ws, actor) => {
        const data = await readOrganisationExport(ws, actor, options.code);
        return { data, written: await writeOrganisationExport(data, options.out) };
      }).catch((e: unknown) => {
        if (!(e instanceof ExportFolderNotEmptyError)) throw e;
        throw new CliError(
          `--out: フォルダ ${options.out} は空ではありません。新しいフォルダを指定してください。`,
        );
      });
      const { data, written } = result;
      io.out(
        `団体「${data.organisation.name}」のデータを ${options.out} に書き出しました（${written.files}ファイル）。` +
          `計画 ${data.plans.length}件、アカウント ${written.rows.users ?? 0}件、変更履歴 ${written.rows.history ?? 0}件。内容は README.txt にあります。`,
      );
      io.out('書き出したことは団体の変更履歴に記録され、団体の管理者が「団体のデータ」画面で確認できます。');
      for (const p of written.unreadablePlans) {
        io.err(`注意: 計画「${p.code}」は読み込めないため書き出していません。`);
        for (const line of p.problems) io.err(`  ${line}`);
      }
    });

  organisation
    .command('delete')
    .description('団体のデータをすべて削除する（変更履歴を含む。1つのトランザクションで、元に戻せない）')
    .requiredOption('--code <code>', '削除する団体の団体コード')
    .requiredOption('--confirm <code>', '確認のため、同じ団体コードをもう一度指定する')
    .addHelpText(
      'after',
      [
        '',
        '計画・報告サイクル・回答・公表・アカウント・ログイン中のセッションに加え、通常は削除できない変更履歴も削除します。',
        DEFAULT_RULE,
        '削除の前に shinchoku organisation export と shinchoku db backup で保存しておいてください。',
      ].join('\n'),
    )
    .action(async (options: { code: string; confirm: string }) => {
      const { organisation: o, deleted } = await withOrganisations((ws, actor) =>
        deleteOrganisation(ws, actor, { code: options.code, confirm: options.confirm }),
      );
      const total = [...deleted.values()].reduce((n, v) => n + v, 0);
      io.out(
        `団体「${o.name}」（団体コード ${o.code}）を削除しました（${total.toLocaleString('ja-JP')}行。変更履歴 ${deleted.get('history') ?? 0}行を含む）。`,
      );
    });
  registerOrganisationRestore(organisation, io);
};
