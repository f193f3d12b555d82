import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../config.ts';
import { prepareDatabase } from '../../db/bootstrap.ts';
import { type DatabaseHandle, openDatabase } from '../../db/connect.ts';
import { DataDirLockedError } from '../../db/data-dir-lock.ts';
import { listPlans, loadStoredPlan } from '../../db/plan-store.ts';
import { hasActiveAdmin } from '../../db/repositories/user.repository.ts';
import { createApp } from '../../http/app.tsx';
import { type RunningServer, serveApp } from '../../http/server.ts';
import { SiteData } from '../../http/site-data.ts';
import { SiteSource } from '../../http/site-source.ts';
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
      const handle = await openForServing();
      try {
        await prepareDatabase(handle.db);
        const stored = choosePlan(await listPlans(handle.db), options.plan);
        const loaded = await loadStoredPlan(handle.db, stored);
        if (!loaded.ok) {
          throw new CliError(
            `データベース（${handle.location}）の計画「${stored.code}」を読み込めません。`,
            2,
            formatIssues(loaded.error),
          );
        }
        const plan = loaded.value;
        // Everything that serves the organisation works under its row-level security, as the application's role.
        const db = handle.forOrganisation(stored.organisationId);
        const source = new SiteSource(new SiteData(plan), { db, plan: stored });
        const app = createApp(source, { staff: { db, planId: stored.id, ...settings.value } });
        const server = await serveApp(app, port, options.host).catch(listening(port));
        io.out(
          `${plan.document.plan.name}（${plan.document.organisation.name}）を ${server.url}/ で公開しています。職員用の入力画面は ${server.url}/admin です。Ctrl+C で終了します。`,
        );
        if (!(await hasActiveAdmin(handle.db))) {
          io.out(
            [
              '',
              '管理者アカウントがまだありません（初期パスワードはありません）。いったん Ctrl+C で止めてから、次のように作成してください:',
              '  npx shinchoku user add --login <ログインID> --name <氏名> --role admin',
              '表示される一回限りのパスワードで /admin にログインし、最初に自分のパスワードへ変更します。',
            ].join('\n'),
          );
        }
        await untilStopped(server);
      } finally {
        await handle.close();
      }
    });
};
