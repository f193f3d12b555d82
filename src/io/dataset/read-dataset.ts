import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { loadPlan, type PlanIssue } from '../../domain/plan/load.ts';
import type { Plan } from '../../domain/plan/model.ts';
import { err, ok, type Result } from '../../domain/result.ts';
import { badByteMessage, decodeUtf8 } from './utf8-text.ts';

/** The Miyagi FY2024 dataset shipped with the product. */
export const BUNDLED_DATASET = fileURLToPath(new URL('../../../data/miyagi-fy2024.yaml', import.meta.url));

/** Dataset files above this size are refused before reading (a plan is a few hundred kilobytes at most). */
export const MAX_DATASET_BYTES = 20 * 1024 * 1024;

/** Parses dataset text (YAML, or JSON by extension) without validating it. */
export function parseDatasetText(text: string, fileName: string): Result<unknown, PlanIssue[]> {
  try {
    if (extname(fileName).toLowerCase() === '.json') return ok(JSON.parse(text));
    // maxAliasCount guards against alias-expansion bombs in untrusted YAML.
    return ok(parseYaml(text, { maxAliasCount: 100 }));
  } catch (e) {
    const detail = e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e);
    return err([{ path: '(ファイル)', message: `${fileName} を YAML/JSON として読み取れません: ${detail}` }]);
  }
}

/** Reads and validates a dataset file; every problem is returned with its path, nothing is thrown for bad input. */
export async function readDataset(path: string): Promise<Result<Plan, PlanIssue[]>> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return err([{ path: '(ファイル)', message: `${path} はファイルではありません` }]);
    size = info.size;
  } catch {
    return err([{ path: '(ファイル)', message: `${path} が見つかりません` }]);
  }
  if (size > MAX_DATASET_BYTES) {
    return err([
      { path: '(ファイル)', message: `${path} は大きすぎます（上限 ${MAX_DATASET_BYTES / 1024 / 1024}MB）` },
    ]);
  }
  // Strict bytes: an invalid UTF-8 byte is refused with its line, never stored as U+FFFD.
  const text = decodeUtf8(await readFile(path));
  if (!text.ok) return err([{ path: '(ファイル)', message: badByteMessage(path, text.error) }]);
  const parsed = parseDatasetText(text.value, path);
  return parsed.ok ? loadPlan(parsed.value) : parsed;
}
