import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { CliError, EXIT } from './errors.ts';
import { type CliIo, processIo } from './io.ts';

/** Adds a command (its options, arguments, action and subcommands) to the program. */
type Register = (program: Command, io: CliIo, setExit: (code: number) => void) => void;

interface CommandEntry {
  readonly name: string;
  /** The same words as the command's own description (test/cli/command-list.test.ts compares them). */
  readonly description: string;
  readonly load: () => Promise<Register>;
}

/**
 * The commands in the order `--help` lists them. A command's module (and with it the database, the file formats,
 * the web server) is loaded only when that command runs or shows its help: `shinchoku --help` loads none of them.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'summary',
    description: '関連事業の事業数・決算額（目標別・合計）と前年度比を表示する',
    load: async () => (await import('./commands/summary.command.ts')).registerSummary,
  },
  {
    name: 'evaluate',
    description: 'KPI設定施策とKPIの判定・達成率・進捗率、関連KPIを表示する',
    load: async () => (await import('./commands/evaluate.command.ts')).registerEvaluate,
  },
  {
    name: 'check',
    description: '公表値とデータの整合性をチェックする（エラーがあれば終了コード1）',
    load: async () => (await import('./commands/check.command.ts')).registerCheck,
  },
  {
    name: 'validate',
    description: 'データファイルを検証し、問題をすべて場所つきで表示する（問題があれば終了コード1）',
    load: async () => (await import('./commands/validate.command.ts')).registerValidate,
  },
  {
    name: 'serve',
    description:
      'ウェブサイト（公開ページ・API・職員用の入力画面）を起動する（初回は組み込みデータベースを作成）',
    load: async () => (await import('./commands/serve.command.ts')).registerServe,
  },
  {
    name: 'import',
    description:
      '計画データを取り込む（xlsx・CSVのフォルダかzip・JSON・YAML）。全体を検証してから1つのトランザクションで書き込む',
    load: async () => (await import('./commands/import.command.ts')).registerImport,
  },
  {
    name: 'export',
    description: '計画データを書き出す（xlsx・CSV・JSON）',
    load: async () => (await import('./commands/export.command.ts')).registerExport,
  },
  {
    name: 'db',
    description: 'データベースの作成・初期データ・バックアップと復元',
    load: async () => (await import('./commands/db.command.ts')).registerDb,
  },
  {
    name: 'report',
    description: '年度の進捗報告資料を作成する（HTML・PDF・PowerPoint・Excel）',
    load: async () => (await import('./commands/report.command.ts')).registerReport,
  },
  {
    name: 'user',
    description: '職員アカウントの作成・一覧・無効化・役割と担当課・パスワードと二要素認証の再設定',
    load: async () => (await import('./commands/user.command.ts')).registerUser,
  },
  {
    name: 'organisation',
    description: 'このサービスの団体（地方公共団体）の追加・一覧・招待・書き出し・復元・削除（運営者向け）',
    load: async () => (await import('./commands/organisation.command.ts')).registerOrganisation,
  },
  {
    name: 'operator',
    description: '運営者（サービスを運営する人）のアカウントの作成・一覧・無効化・パスワードの再設定',
    load: async () => (await import('./commands/operator.command.ts')).registerOperator,
  },
];

/** The command the arguments run or ask help for (`summary …`, `help summary`), if any. */
export function selectedCommand(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

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

/**
 * Builds the `shinchoku` program; `setExit` records a command's exit code. The command named by `selected` is
 * complete; the others carry only their name and description, enough for the list in `--help`.
 */
export async function buildProgram(
  io: CliIo,
  setExit: (code: number) => void,
  selected?: string,
): Promise<Command> {
  const program = new Command('shinchoku')
    .description('進捗 — 地方自治体のデジタル政策 進捗管理（計画・KPI・評価・集計・整合性チェック）')
    .version('0.1.0', '-v, --version', 'バージョンを表示する')
    .helpOption('-h, --help', 'ヘルプを表示する')
    .helpCommand('help [command]', 'コマンドのヘルプを表示する')
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: () => {} });
  for (const entry of COMMANDS) {
    if (entry.name === selected) (await entry.load())(program, io, setExit);
    else program.command(entry.name).description(entry.description);
  }
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
  try {
    const program = await buildProgram(
      io,
      (code) => {
        exitCode = code;
      },
      selectedCommand(args),
    );
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
