import type { Command } from 'commander';
import { OUTPUT_FORMATS } from '../options.ts';

/** Adds --data, --fy and --format to a data command. */
export const withDataOptions = (command: Command): Command =>
  command
    .option('--data <path>', 'データファイル（YAML/JSON）。省略時は同梱の宮城県 令和6年度データ')
    .option('--fy <year>', '対象年度（R6、2024、令和6年度など）。省略時はデータの最新年度')
    .option('--format <format>', `出力形式: ${OUTPUT_FORMATS.join(' | ')}`, 'table');
