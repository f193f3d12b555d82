import type { Command } from 'commander';
import { ConfigError, loadConfig, loadMailConfig, type MailConfig } from '../../config.ts';
import { prepareDatabase } from '../../db/bootstrap.ts';
import { type DatabaseHandle, openDatabase } from '../../db/connect.ts';
import { DataDirLockedError } from '../../db/data-dir-lock.ts';
import { listPlans } from '../../db/plan-store.ts';
import { listOrganisationRows } from '../../db/repositories/organisation.repository.ts';
import { hasActiveAdmin } from '../../db/repositories/user.repository.ts';
import { createApp } from '../../http/app.tsx';
import { createOperatorApp } from '../../http/operator/operator-app.tsx';
import { type RunningServer, serveApp } from '../../http/server.ts';
import { createServiceApp } from '../../http/service.tsx';
import { serveOrganisations, UnreadablePlanError } from '../../http/service-setup.ts';
import { SiteData } from '../../http/site-data.ts';
import { staffSettingsFromEnv } from '../../http/staff/staff-options.ts';
import { CliError, formatIssues } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { choosePlan, readPlan } from '../plan-source.ts';

interface ServeOptions {
  port: string;
  host: string;
  data?: string;
  plan?: string;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new CliError(`--port: 「${text}」はポート番号として使えません（0〜65535）。`);
  }
  return port;
}

const listening = (port: number) => (e: NodeJS.ErrnoException) => {
  throw new CliError(
    e.code === 'EADDRINUSE'
      ? `ポート ${port} は使用中です。--port で別の番号を指定してください。`
      : `起動できません: ${e.message}`,
  );
};

/** Waits for Ctrl+C / SIGTERM, then stops the server and runs `after`. */
const untilStopped = (server: RunningServer, after: () => Promise<void> = async () => {}) =>
  new Promise<void>((resolve) => {
    const stop = () => void server.stop().then(after).then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

/** Invitation e-mail settings (SHINCHOKU_SMTP_URL…), refused before anything starts when one is wrong. */
function mailSettings(): MailConfig | undefined {
  try {
    return loadMailConfig();
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message);
    throw e;
  }
}

async function openForServing(): Promise<DatabaseHandle> {
  try {
    return await openDatabase(loadConfig().database);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof DataDirLockedError) throw new CliError(e.message);
    throw new CliError(`データベースに接続できません: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * `shinchoku serve`: the public site and API, and — on the database — the staff side under /admin where
 * departments enter their figures. The database stays open while the site runs (the embedded one is then locked
 * to this process: stop the site before running other commands on it).
 */
export const registerServe = (program: Command, io: CliIo): void => {
  program
    .command('serve')
    .description(
      'ウェブサイト（公開ページ・API・職員用の入力画面）を起動する（初回は組み込みデータベースを作成）',
    )
    .option('--port <port>', 'ポート番号', '3000')
    .option('--host <host>', '待ち受けるアドレス（公開するときは 0.0.0.0）', '127.0.0.1')
    .option('--data <path>', 'データファイルを表示する（読み取り専用・職員用画面なし。省略時はデータベース）')
    .option('--plan <id>', 'データベースの計画ID')
    .action(async (options: ServeOptions) => {
      const port = parsePort(options.port);
      if (options.data !== undefined) {
        const plan = await readPlan(options);
        const server = await serveApp(createApp(new SiteData(plan)), port, options.host).catch(
          listening(port),
        );
        io.out(
          `${plan.document.plan.name}（${plan.document.organisation.name}）を ${server.url}/ で公開しています（データファイル、読み取り専用）。Ctrl+C で終了します。`,
        );
        return untilStopped(server);
      }
      const settings = staffSettingsFromEnv();
      if (!settings.ok) throw new CliError(settings.error);
      for (const warning of settings.warnings) io.err(warning);
      const mail = mailSettings();
      const handle = await openForServing();
      try {
        await prepareDatabase(handle.db);
        // --plan serves that one plan; otherwise every organisation (the default one first), one without a plan
        // with its staff side for making the first.
        const plans = await listPlans(handle.db);
        const chosen = options.plan === undefined ? plans : [choosePlan(plans, options.plan)];
        // Everything that serves an organisation works under its row-level security, as the application's role.
        const directory = await serveOrganisations(handle, chosen, { ...settings.value, mail }).catch(
          (e: unknown) => {
            if (!(e instanceof UnreadablePlanError)) throw e;
            throw new CliError(
              `データベース（${handle.location}）の計画「${e.plan.code}」（${e.plan.organisationName}）を読み込めません。`,
              2,
              formatIssues(e.issues),
            );
          },
        );
        const [first, ...others] = directory.all;
        const [firstRow] = await listOrganisationRows(handle.db);
        if (first === undefined || firstRow === undefined)
          throw new Error('invariant: an organisation is served');
        const server = await serveApp(
          createServiceApp(directory, {
            operator: createOperatorApp({ handle, ...settings.value }),
          }),
          port,
          options.host,
        ).catch(listening(port));
        io.out(
          first.planName === undefined
            ? `${first.name}を ${server.url}/ で起動しました。計画はまだありません。管理者が ${server.url}/admin にログインして最初の計画を作成します。Ctrl+C で終了します。`
            : `${first.planName}（${first.name}）を ${server.url}/ で公開しています。職員用の入力画面は ${server.url}/admin です。Ctrl+C で終了します。`,
        );
        for (const other of others) {
          io.out(
            other.planName === undefined
              ? `${other.name}（計画はまだありません）: 職員用 ${server.url}/${other.code}/admin で最初の計画を作成します`
              : `${other.planName}（${other.name}）: ${server.url}/${other.code}/ 、職員用 ${server.url}/${other.code}/admin`,
          );
        }
        if (!(await hasActiveAdmin(handle.forOrganisation(firstRow.id)))) {
          io.out(
            [
              '',
              '管理者アカウントがまだありません（初期パスワードはありません）。いったん Ctrl+C で止めてから、次のように作成してください:',
              '  npx shinchoku user add --login <ログインID> --name <氏名> --role admin',
              '表示される一回限りのパスワードで /admin にログインし、最初に自分のパスワードへ変更します。',
              `招待リンクで本人にパスワードを決めてもらうときは: npx shinchoku organisation invite --code ${first.code}`,
            ].join('\n'),
          );
        }
        await untilStopped(server);
      } finally {
        await handle.close();
      }
    });
};
