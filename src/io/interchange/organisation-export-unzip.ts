// The zip of an organisation's export (「データ一式をダウンロード」, organisation-export-zip.ts) unpacked into a
// temporary folder for the restore to read as it reads `organisation export`'s folder. The zip is checked before
// anything is inflated (io/zip/zip-read.ts: sizes, ratios, entry count), and only the export's own layout is
// unpacked: README.txt and the CSV files at the top, files directly under 計画/ and 文書/.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { err, ok, type Result } from '../../domain/result.ts';
import { formatFileIssue } from '../csv/file-issue.ts';
import { readZip, ZIP_LIMITS, type ZipLimits } from '../zip/zip-read.ts';

const MB = 1024 * 1024;

/** An organisation's whole data: larger than a plan's zip, still checked for bombs. */
const EXPORT_ZIP_LIMITS: ZipLimits = {
  ...ZIP_LIMITS,
  maxBytes: 512 * MB,
  maxEntries: 100_000,
  maxTotalUncompressed: 2048 * MB,
};

// 「README.txt」「変更履歴.csv」「計画/miyagi-joho-policy.json」「文書/publications-3-document.json」
const EXPORT_ENTRY = /^(?:[^/]+\.(?:txt|csv)|(?:計画|文書)\/[^/]+)$/;

/** Unpacks the zip into a new temporary folder; `remove` deletes it. */
export async function unzipOrganisationExport(
  path: string,
): Promise<Result<{ dir: string; remove: () => Promise<void> }, string[]>> {
  const file = basename(path);
  const buffer = await readFile(path).catch(() => undefined);
  if (buffer === undefined) return err([`${path} を読み込めません。`]);
  const entries = await readZip(buffer, file, 'zipファイル', EXPORT_ZIP_LIMITS);
  if (!entries.ok) return err(entries.error.map(formatFileIssue));
  const outside = entries.value.filter((e) => !EXPORT_ENTRY.test(e.name) || e.name.split('/').includes('..'));
  if (outside.length > 0) {
    return err(
      outside.map(
        (e) =>
          `${file}: 「${e.name}」は書き出しのファイルではありません（zipは「団体のデータ」でダウンロードしたものを、中身を変えずに指定してください）。`,
      ),
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'shinchoku-restore-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    for (const folder of ['計画', '文書']) await mkdir(join(dir, folder));
    for (const entry of entries.value) await writeFile(join(dir, entry.name), entry.data);
  } catch (e) {
    await remove();
    throw e;
  }
  return ok({ dir, remove });
}
