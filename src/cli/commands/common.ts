import type { Command } from 'commander';
import { OUTPUT_FORMATS } from '../options.ts';

/** Adds --data, --fy and --format to a data command. */
export const withDataOptions = (command: Command): Command =>
  command
    .option(
      '--data <path>',
      'データファイル（YAML/JSON）を直接読む。省略時はデータベース（初回は同梱の宮城県データで作成）',
    )
    .option('--plan <id>', 'データベースの計画ID。省略時は最後に更新された計画')
    .option('--fy <year>', '対象年度（R6、2024、令和6年度など）。省略時はデータの最新年度')
    .option('--format <format>', `出力形式: ${OUTPUT_FORMATS.join(' | ')}`, 'table');
