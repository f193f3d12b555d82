import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { registerCheck } from './commands/check.command.ts';
import { registerDb } from './commands/db.command.ts';
import { registerEvaluate } from './commands/evaluate.command.ts';
import { registerExport } from './commands/export.command.ts';
import { registerImport } from './commands/import.command.ts';
import { registerReport } from './commands/report.command.ts';
import { registerServe } from './commands/serve.command.ts';
import { registerSummary } from './commands/summary.command.ts';
import { registerUser } from './commands/user.command.ts';
import { registerValidate } from './commands/validate.command.ts';
import { CliError, EXIT } from './errors.ts';
import { type CliIo, processIo } from './io.ts';

/** Commander's own messages are English; staff read Japanese. */
const COMMANDER_MESSAGES: Record<string, (e: CommanderError) => string> = {
  'commander.unknownOption': (e) => `不明なオプションです: ${quoted(e.message)}`,
  'commander.unknownCommand': (e) =>
    `不明なコマンドです: ${quoted(e.message)}（shinchoku --help で一覧を表示）`,
  'commander.missingArgument': (e) => `引数が足りません: ${quoted(e.message)}`,
  'commander.optionMissingArgument': (e) => `オプションに値がありません: ${quoted(e.message)}`,
  'commander.excessArguments': () => '引数が多すぎます',
  'commander.invalidArgument': (e) => `引数が正しくありません: ${e.message}`,
};

const quoted = (message: string): string => /'([^']+)'/.exec(message)?.[1] ?? message;

/** Builds the `shinchoku` program; `setExit` records a command's exit code. */
export function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('shinchoku')
    .description('進捗 — 地方自治体のデジタル政策 進捗管理（計画・KPI・評価・集計・整合性チェック）')
    .version('0.1.0', '-v, --version', 'バージョンを表示する')
    .helpOption('-h, --help', 'ヘルプを表示する')
    .helpCommand('help [command]', 'コマンドのヘルプを表示する')
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: () => {} });
  registerSummary(program, io);
  registerEvaluate(program, io);
  registerCheck(program, io, setExit);
  registerValidate(program, io, setExit);
  registerServe(program, io);
  registerImport(program, io);
  registerExport(program, io);
  registerDb(program, io);
  registerReport(program, io);
  registerUser(program, io);
  const configure = (command: Command) => {
    command.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: () => {} });
    command.helpOption('-h, --help', 'ヘルプを表示する');
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/** Runs the CLI with arguments (without `node` and the script) and returns the exit code; never throws. */
export async function run(args: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    if (args.length === 0) {
      // No command: show what there is, as a usage error.
      io.out(program.helpInformation());
      return EXIT.unusable;
    }
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (e) {
    return reportError(e, io);
  }
}

function reportError(e: unknown, io: CliIo): number {
  if (e instanceof CommanderError) {
    if (
      e.code === 'commander.helpDisplayed' ||
      e.code === 'commander.version' ||
      e.code === 'commander.help'
    ) {
      return EXIT.ok;
    }
    const message = COMMANDER_MESSAGES[e.code]?.(e) ?? e.message;
    io.err(`エラー: ${message}`);
    return EXIT.unusable;
  }
  if (e instanceof CliError) {
    io.err([`エラー: ${e.message}`, ...e.details].join('\n'));
    return e.exitCode;
  }
  if (e instanceof ZodError) {
    io.err(`エラー: オプションが正しくありません: ${e.issues.map((i) => i.message).join('、')}`);
    return EXIT.unusable;
  }
  // Unknown failures: one line for the user, the stack only on request.
  io.err(`予期しないエラーが発生しました: ${e instanceof Error ? e.message : String(e)}`);
  if (process.env.SHINCHOKU_DEBUG === '1' && e instanceof Error && e.stack) io.err(e.stack);
  return EXIT.unusable;
}
