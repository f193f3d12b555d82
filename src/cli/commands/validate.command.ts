import type { Command } from 'commander';
import { BUNDLED_DATASET, readDataset } from '../../io/dataset/read-dataset.ts';
import { EXIT, formatIssues } from '../errors.ts';
import { type CliIo, toJson } from '../io.ts';
import { parseFormat } from '../options.ts';

/** `shinchoku validate [file]`: schema-validates a dataset and lists every problem with its path. */
export const registerValidate = (program: Command, io: CliIo, setExit: (code: number) => void): void => {
  program
    .command('validate')
    .description('データファイルを検証し、問題をすべて場所つきで表示する（問題があれば終了コード1）')
    .argument('[file]', 'データファイル（YAML/JSON）。--data でも指定可')
    .option('--data <path>', 'データファイル（YAML/JSON）。省略時は同梱データ')
    .option('--format <format>', '出力形式: table | json', 'table')
    .action(async (file: string | undefined, raw: { data?: string; format: string }) => {
      const format = parseFormat(raw.format, ['table', 'json']);
      const path = file ?? raw.data ?? BUNDLED_DATASET;
      const result = await readDataset(path);
      const issues = result.ok ? [] : result.error;
      if (format === 'json') {
        io.out(toJson({ file: path, valid: result.ok, issues }));
      } else if (result.ok) {
        const p = result.value;
        io.out(
          `${path}: 問題はありません（目標 ${p.goals.size}・施策 ${p.measures.size}・KPI ${p.kpis.size}・所属 ${p.departments.size}）`,
        );
      } else {
        io.out([`${path}: ${issues.length}件の問題があります。`, ...formatIssues(issues)].join('\n'));
      }
      setExit(result.ok ? EXIT.ok : EXIT.negative);
    });
};
