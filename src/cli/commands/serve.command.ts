import type { Command } from 'commander';
import { startServer } from '../../http/server.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { readPlan } from '../plan-source.ts';

/** `shinchoku serve`: the public web app on the stored plan (the embedded database is set up on first use). */
export const registerServe = (program: Command, io: CliIo): void => {
  program
    .command('serve')
    .description('公開用のウェブサイトとAPIを起動する（初回は組み込みデータベースを作成）')
    .option('--port <port>', 'ポート番号', '3000')
    .option('--host <host>', '待ち受けるアドレス（公開するときは 0.0.0.0）', '127.0.0.1')
    .option('--data <path>', 'データファイルを表示する（省略時はデータベース）')
    .option('--plan <id>', 'データベースの計画ID')
    .action(async (options: { port: string; host: string; data?: string; plan?: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        throw new CliError(`--port: 「${options.port}」はポート番号として使えません（0〜65535）。`);
      }
      // The plan is read once and the database closed again, so other commands can use it while the site runs.
      const plan = await readPlan(options);
      const server = await startServer(plan, port, options.host).catch((e: NodeJS.ErrnoException) => {
        throw new CliError(
          e.code === 'EADDRINUSE'
            ? `ポート ${port} は使用中です。--port で別の番号を指定してください。`
            : `起動できません: ${e.message}`,
        );
      });
      io.out(
        `${plan.document.plan.name}（${plan.document.organisation.name}）を ${server.url}/ で公開しています。Ctrl+C で終了します。`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void server.stop().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
};
